// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Comparison;

/// <summary>The measurements of one candidate trained with one seed.</summary>
public sealed class ComparisonRun
{
    internal ComparisonRun(string method, double? density, int seed, IReadOnlyDictionary<string, double> metrics,
        TimeSpan trainingTime, long modelBytes, double singleRowLatencyMicroseconds, double batchRowsPerSecond,
        SparseTrainingSummary? trainingSummary, string? modelPath)
    {
        Method = method;
        Density = density;
        Seed = seed;
        Metrics = metrics;
        TrainingTime = trainingTime;
        ModelBytes = modelBytes;
        SingleRowLatencyMicroseconds = singleRowLatencyMicroseconds;
        BatchRowsPerSecond = batchRowsPerSecond;
        TrainingSummary = trainingSummary;
        ModelPath = modelPath;
    }

    /// <summary>Method name.</summary>
    public string Method { get; }

    /// <summary>Density, or null.</summary>
    public double? Density { get; }

    /// <summary>Seed used for training.</summary>
    public int Seed { get; }

    /// <summary>Test-set metrics by name (e.g. "Accuracy", "LogLoss", "AUC", "RSquared").</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; }

    /// <summary>Wall-clock time of <c>Fit</c> (the whole pipeline, data reading included).</summary>
    public TimeSpan TrainingTime { get; }

    /// <summary>Size of the model saved with <c>mlContext.Model.Save</c>, in bytes.</summary>
    public long ModelBytes { get; }

    /// <summary>Where the model was saved (with <see cref="ComparisonOptions.ModelDirectory"/>), else null.</summary>
    public string? ModelPath { get; }

    /// <summary>Median single-row <c>PredictionEngine.Predict</c> latency, in microseconds.</summary>
    public double SingleRowLatencyMicroseconds { get; }

    /// <summary>
    /// Batch scoring throughput: test rows per second through <c>model.Transform</c> reading the Score column (cached
    /// rows, one thread), or NaN when <see cref="ComparisonOptions.ThroughputRows"/> is 0.
    /// </summary>
    public double BatchRowsPerSecond { get; }

    /// <summary>
    /// What the sparse trainer reported about this Fit (epochs, topology rounds and their time), when the candidate's
    /// estimator is a sparse trainer or a pipeline ending in one; null for other estimators (e.g. ML.NET's SDCA).
    /// </summary>
    public SparseTrainingSummary? TrainingSummary { get; }

    /// <summary>Share of the training loop's time spent in topology rounds, or null without a <see cref="TrainingSummary"/>.</summary>
    public double? TopologyTimeFraction => TrainingSummary?.TopologyTimeFraction;

    /// <summary>Mean wall time of one epoch of the training loop (topology rounds included), or null without a <see cref="TrainingSummary"/>.</summary>
    public TimeSpan? EpochTime => TrainingSummary is { Epochs.Count: > 0 } s ? s.TrainingTime / s.Epochs.Count : null;
}
