// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// One fit of the tabular benchmark: the test metric (accuracy or R²), log-loss for classifiers, fit time, zip size,
/// single-row latency and, for the SparseMlp trainers, what the defaults chose (from the training summary) and how many
/// warnings the trainer wrote.
/// </summary>
internal sealed record TabularResult(string Table, string MetricName, string Method, int Seed, double Metric, double LogLoss, double TrainSeconds,
    long ZipBytes, double LatencyMicroseconds, string? Error)
{
    public string? Commit { get; init; }
    public int Rows { get; init; }
    public int Features { get; init; }
    public int Classes { get; init; }
    public double? SparseLayerDensity { get; init; }
    public string? Hidden { get; init; }
    public int? EpochsRun { get; init; }
    public int? KeptEpoch { get; init; }
    public int? HoldoutRows { get; init; }
    public string? Encoding { get; init; }
    public string? Standardization { get; init; }
    public double? TopologyShare { get; init; }
    public int Warnings { get; init; }
    public string? WarningText { get; init; }
}
