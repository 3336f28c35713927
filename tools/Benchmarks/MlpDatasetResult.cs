// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Comparison;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>Everything measured on one dataset.</summary>
internal sealed record MlpDatasetResult(string Name, int TrainRows, int TestRows, ComparisonResult Comparison, IReadOnlyList<MlpRunMemory> Memory,
    IReadOnlyList<MlpScoring> Scoring, TimeSpan WallTime);
