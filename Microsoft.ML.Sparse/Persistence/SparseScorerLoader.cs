// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Scoring;

namespace Microsoft.ML.Sparse.Persistence;

/// <summary>Reads the payload of one <see cref="ISparseScorer"/> kind (what its <see cref="ISparseScorer.Save"/> wrote).</summary>
internal delegate ISparseScorer SparseScorerLoader(BinaryReader reader);
