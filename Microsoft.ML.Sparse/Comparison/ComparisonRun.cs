namespace Microsoft.ML.Sparse.Comparison;

/// <summary>The measurements of one candidate trained with one seed.</summary>
public sealed class ComparisonRun
{
    internal ComparisonRun(string method, double? density, int seed, IReadOnlyDictionary<string, double> metrics,
        TimeSpan trainingTime, long modelBytes, double singleRowLatencyMicroseconds)
    {
        Method = method;
        Density = density;
        Seed = seed;
        Metrics = metrics;
        TrainingTime = trainingTime;
        ModelBytes = modelBytes;
        SingleRowLatencyMicroseconds = singleRowLatencyMicroseconds;
    }

    /// <summary>Method name.</summary>
    public string Method { get; }

    /// <summary>Density, or null.</summary>
    public double? Density { get; }

    /// <summary>Seed used for training.</summary>
    public int Seed { get; }

    /// <summary>Test-set metrics by name (e.g. "Accuracy", "LogLoss", "AUC", "RSquared").</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; }

    /// <summary>Wall-clock time of <c>Fit</c>.</summary>
    public TimeSpan TrainingTime { get; }

    /// <summary>Size of the model saved with <c>mlContext.Model.Save</c>, in bytes.</summary>
    public long ModelBytes { get; }

    /// <summary>Median single-row <c>PredictionEngine.Predict</c> latency, in microseconds.</summary>
    public double SingleRowLatencyMicroseconds { get; }
}
