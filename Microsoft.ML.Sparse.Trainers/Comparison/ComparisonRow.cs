// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Comparison;

/// <summary>Mean and spread of one candidate over its seeds.</summary>
public sealed class ComparisonRow
{
    internal ComparisonRow(string method, double? density, bool isReference, IReadOnlyList<ComparisonRun> runs)
    {
        Method = method;
        Density = density;
        IsReference = isReference;
        Runs = runs;
        var names = runs.SelectMany(r => r.Metrics.Keys).Distinct().ToList();
        MetricMeans = names.ToDictionary(n => n, n => Statistics.Mean(runs.Select(r => r.Metrics[n])));
        MetricStandardDeviations = names.ToDictionary(n => n, n => Statistics.SampleStandardDeviation(runs.Select(r => r.Metrics[n])));
        MeanTrainingSeconds = Statistics.Mean(runs.Select(r => r.TrainingTime.TotalSeconds));
        ModelBytes = (long)Math.Round(Statistics.Mean(runs.Select(r => (double)r.ModelBytes)));
        MedianLatencyMicroseconds = Statistics.Median(runs.Select(r => r.SingleRowLatencyMicroseconds));
        MedianBatchRowsPerSecond = Statistics.Median(runs.Select(r => r.BatchRowsPerSecond));
        var summarised = runs.Where(r => r.TrainingSummary is not null).ToList();
        if (summarised.Count > 0)
        {
            MeanTopologyTimeFraction = Statistics.Mean(summarised.Select(r => r.TopologyTimeFraction!.Value));
            MeanEpochSeconds = Statistics.Mean(summarised.Select(r => r.EpochTime!.Value.TotalSeconds));
        }
    }

    /// <summary>Method name.</summary>
    public string Method { get; }

    /// <summary>Density, or null for dense models and reference trainers.</summary>
    public double? Density { get; }

    /// <summary>True for ML.NET built-in reference trainers.</summary>
    public bool IsReference { get; }

    /// <summary>The individual runs, one per seed.</summary>
    public IReadOnlyList<ComparisonRun> Runs { get; }

    /// <summary>Mean of each metric over the seeds.</summary>
    public IReadOnlyDictionary<string, double> MetricMeans { get; }

    /// <summary>Sample standard deviation of each metric over the seeds (0 for one seed).</summary>
    public IReadOnlyDictionary<string, double> MetricStandardDeviations { get; }

    /// <summary>Mean training time in seconds.</summary>
    public double MeanTrainingSeconds { get; }

    /// <summary>Mean saved-model size in bytes.</summary>
    public long ModelBytes { get; }

    /// <summary>Median single-row latency over the seeds, in microseconds.</summary>
    public double MedianLatencyMicroseconds { get; }

    /// <summary>Median batch scoring throughput over the seeds, in rows per second (NaN when not measured).</summary>
    public double MedianBatchRowsPerSecond { get; }

    /// <summary>Mean share of training time spent in topology rounds, or null when the estimator is not a sparse trainer.</summary>
    public double? MeanTopologyTimeFraction { get; }

    /// <summary>Mean wall time of one training epoch in seconds, or null when the estimator is not a sparse trainer.</summary>
    public double? MeanEpochSeconds { get; }
}
