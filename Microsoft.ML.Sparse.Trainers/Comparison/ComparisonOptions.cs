// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Comparison;

/// <summary>Settings of a comparison run (see <see cref="SparseComparison"/>).</summary>
public sealed class ComparisonOptions
{
    /// <summary>The task, which decides the evaluator and the metrics.</summary>
    public ComparisonTask Task = ComparisonTask.MulticlassClassification;

    /// <summary>Label column. Multiclass labels that are not key-typed are mapped to keys once, before any candidate runs.</summary>
    public string LabelColumnName = "Label";

    /// <summary>
    /// Input column: a known-size vector of Single, or for text classifiers a String column (see
    /// <see cref="TextComparisonCandidates"/>). Latency is measured with this column alone as the input.
    /// </summary>
    public string FeatureColumnName = "Features";

    /// <summary>Held-out data for evaluation. When null, <see cref="TestFraction"/> of the input is held out (seeded split).</summary>
    public IDataView? TestData;

    /// <summary>Fraction held out when <see cref="TestData"/> is null. Default 0.2.</summary>
    public double TestFraction = 0.2;

    /// <summary>Seeds; each candidate is trained once per seed. Default { 1 }.</summary>
    public int[] Seeds = { 1 };

    /// <summary>Number of single-row predictions timed per run (after a warm-up). Default 200.</summary>
    public int LatencySamples = 200;

    /// <summary>
    /// Number of test rows (the first ones, cached in memory) scored through <c>model.Transform</c> to measure batch
    /// throughput (<see cref="ComparisonRun.BatchRowsPerSecond"/>); 0 skips the measurement. Default 1000.
    /// </summary>
    public int ThroughputRows = 1000;

    /// <summary>
    /// When set, every trained model is saved there with <c>mlContext.Model.Save</c> as
    /// "<c>{method}-{density}-seed{seed}.zip</c>" (e.g. "CHTs-1pct-seed1.zip"; "dense" for rows without a density) and
    /// <see cref="ComparisonRun.ModelPath"/> names the file; the folder is created if missing and files are overwritten.
    /// When null (default) models are only saved to memory to measure their size.
    /// </summary>
    public string? ModelDirectory;

    /// <summary>Receives a message before and after each run.</summary>
    public IProgress<ComparisonProgress>? Progress;

    /// <summary>Stops the comparison between runs (and inside trainers that honour it).</summary>
    public CancellationToken CancellationToken;
}
