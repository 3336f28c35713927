// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Scoring;

/// <summary>
/// Identifies an <see cref="ISparseScorer"/> implementation inside saved models (one byte in the transformer's
/// scorer stream). Values are persisted: never renumber or reuse them. A new kind also needs a loader in
/// <see cref="Persistence.SparseScorerRegistry"/>.
/// </summary>
internal enum SparseScorerKind : byte
{
    /// <summary><see cref="MlpScorer"/>: managed CSR/dense MLP over a known-size Single vector (no TorchSharp).</summary>
    Mlp = 1,

    /// <summary>Reserved for the text-classification Transformer scorer (text column in, TorchSharp forward).</summary>
    TextTransformer = 2,
}
