namespace Microsoft.ML.Sparse.Comparison;

/// <summary>Settings of a comparison run (see <see cref="SparseComparison"/>).</summary>
public sealed class ComparisonOptions
{
    /// <summary>The task, which decides the evaluator and the metrics.</summary>
    public ComparisonTask Task = ComparisonTask.MulticlassClassification;

    /// <summary>Label column. Multiclass labels that are not key-typed are mapped to keys once, before any candidate runs.</summary>
    public string LabelColumnName = "Label";

    /// <summary>Features column: a known-size vector of Single.</summary>
    public string FeatureColumnName = "Features";

    /// <summary>Held-out data for evaluation. When null, <see cref="TestFraction"/> of the input is held out (seeded split).</summary>
    public IDataView? TestData;

    /// <summary>Fraction held out when <see cref="TestData"/> is null. Default 0.2.</summary>
    public double TestFraction = 0.2;

    /// <summary>Seeds; each candidate is trained once per seed. Default { 1 }.</summary>
    public int[] Seeds = { 1 };

    /// <summary>Number of single-row predictions timed per run (after a warm-up). Default 200.</summary>
    public int LatencySamples = 200;

    /// <summary>Receives a message before and after each run.</summary>
    public IProgress<ComparisonProgress>? Progress;

    /// <summary>Stops the comparison between runs (and inside trainers that honour it).</summary>
    public CancellationToken CancellationToken;
}

/// <summary>Progress of a comparison.</summary>
/// <param name="Completed">Runs finished so far.</param>
/// <param name="Total">Runs in the comparison.</param>
/// <param name="Message">What is happening, e.g. "CHTs @ 1.0%, seed 2: accuracy 0.8712".</param>
public sealed record ComparisonProgress(int Completed, int Total, string Message);
