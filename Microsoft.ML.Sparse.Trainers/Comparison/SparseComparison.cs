// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using Microsoft.ML.Data;

namespace Microsoft.ML.Sparse.Comparison;

/// <summary>
/// Trains every candidate with every seed on the same split, evaluates each with ML.NET's evaluator for the task,
/// and measures training time, saved-model size, single-row prediction latency and batch scoring throughput. For
/// sparse trainers (alone or at the end of a pipeline) each run also carries the trainer's
/// <see cref="SparseTrainingSummary"/> (epoch times, topology rounds and their share of the training time).
/// </summary>
/// <remarks>
/// <see cref="ComparisonCandidates"/> builds the usual candidate lists (Dense, Static, SET, RigL, CHTs and CHTss sparse
/// MLPs at a list of densities, plus ML.NET's SDCA as a reference row); <see cref="TextComparisonCandidates"/> those of
/// a text comparison (the sparse text Transformer and ML.NET's FeaturizeText pipelines), whose
/// <see cref="ComparisonOptions.FeatureColumnName"/> names a String column.
/// </remarks>
public static class SparseComparison
{
    /// <summary>Runs the comparison.</summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="data">Training data (and test data when <see cref="ComparisonOptions.TestData"/> is null).</param>
    /// <param name="candidates">The contestants.</param>
    /// <param name="options">Columns, task, seeds, split.</param>
    public static ComparisonResult Run(MLContext mlContext, IDataView data, IReadOnlyList<ComparisonCandidate> candidates, ComparisonOptions options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(options);
        if (candidates.Count == 0)
            throw new ArgumentException("A comparison needs at least one candidate.", nameof(candidates));
        if (options.Seeds is null || options.Seeds.Length == 0)
            throw new ArgumentException("A comparison needs at least one seed.", nameof(options));
        if (options.TestData is null && !(options.TestFraction > 0 && options.TestFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.TestFraction, "TestFraction must be in (0, 1).");
        if (options.ThroughputRows < 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.ThroughputRows, "ThroughputRows must be 0 (off) or more.");

        ColumnChecks.RequireFeatures(data.Schema, options.FeatureColumnName);
        ColumnChecks.RequireColumn(data.Schema, options.LabelColumnName, "label");

        IDataView train = data, test;
        if (options.TestData is null)
        {
            var split = mlContext.Data.TrainTestSplit(data, options.TestFraction, seed: options.Seeds[0]);
            train = split.TrainSet;
            test = split.TestSet;
        }
        else
        {
            test = options.TestData;
        }

        if (options.Task == ComparisonTask.MulticlassClassification && data.Schema[options.LabelColumnName].Type is not KeyDataViewType)
        {
            var toKey = mlContext.Transforms.Conversion.MapValueToKey(options.LabelColumnName).Fit(train);
            train = toKey.Transform(train);
            test = toKey.Transform(test);
        }

        var latency = LatencyProbe.TakeRows(test, options.FeatureColumnName, Math.Max(1, options.LatencySamples));
        var throughputRows = options.ThroughputRows > 0 ? ThroughputProbe.CacheRows(mlContext, test, options.ThroughputRows) : null;
        int total = candidates.Count * options.Seeds.Length, done = 0;
        var rows = new List<ComparisonRow>();
        foreach (var candidate in candidates)
        {
            var runs = new List<ComparisonRun>();
            foreach (int seed in options.Seeds)
            {
                options.CancellationToken.ThrowIfCancellationRequested();
                options.Progress?.Report(new ComparisonProgress(done, total, $"{candidate}, seed {seed}: training"));
                var run = RunOne(mlContext, candidate, seed, train, test, latency, throughputRows, options);
                runs.Add(run);
                done++;
                string primary = ComparisonMetrics.PrimaryMetric(options.Task);
                options.Progress?.Report(new ComparisonProgress(done, total,
                    $"{candidate}, seed {seed}: {primary} {run.Metrics[primary]:F4}, {run.TrainingTime.TotalSeconds:F1} s"));
            }
            rows.Add(new ComparisonRow(candidate.Method, candidate.Density, candidate.IsReference, runs));
        }
        return new ComparisonResult(options.Task, ComparisonMetrics.PrimaryMetric(options.Task), rows);
    }

    private static ComparisonRun RunOne(MLContext ml, ComparisonCandidate candidate, int seed, IDataView train, IDataView test,
        LatencyProbe latencyProbe, IDataView? throughputRows, ComparisonOptions options)
    {
        var estimator = candidate.CreateEstimator(ml, seed);
        var watch = Stopwatch.StartNew();
        var model = estimator.Fit(train);
        watch.Stop();
        var summary = SparseTrainingSummary.Of(model);

        var predictions = model.Transform(test);
        var metrics = ComparisonMetrics.Evaluate(ml, options.Task, predictions, options.LabelColumnName);

        long bytes;
        string? path = null;
        if (options.ModelDirectory is { } directory)
        {
            Directory.CreateDirectory(directory);
            path = Path.Combine(directory, ModelFileName(candidate, seed));
            ml.Model.Save(model, train.Schema, path);
            bytes = new FileInfo(path).Length;
        }
        else
        {
            using var stream = new MemoryStream();
            ml.Model.Save(model, train.Schema, stream);
            bytes = stream.Length;
        }

        double latency = latencyProbe.MedianMicroseconds(ml, model, options.Task);
        double throughput = throughputRows is null ? double.NaN : ThroughputProbe.RowsPerSecond(model, throughputRows);
        (model as IDisposable)?.Dispose();
        return new ComparisonRun(candidate.Method, candidate.Density, seed, metrics, watch.Elapsed, bytes, latency, throughput, summary, path);
    }

    /// <summary>"{method}-{density}-seed{seed}.zip" with characters that are not letters, digits, '-' or '_' replaced by '_'.</summary>
    internal static string ModelFileName(ComparisonCandidate candidate, int seed)
    {
        string density = candidate.Density is { } d ? (d * 100).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture).Replace('.', '_') + "pct" : "dense";
        string name = $"{candidate.Method}-{density}-seed{seed}";
        return new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray()) + ".zip";
    }
}
