// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>Interleaved scoring measurements of one trained model.</summary>
internal sealed record MlpScoring(string Method, double? Density, double PredictionEngineMedianMicroseconds, double PredictionEngineMinMicroseconds,
    double BatchRowsPerSecond, SparseModelInfo? Model);
