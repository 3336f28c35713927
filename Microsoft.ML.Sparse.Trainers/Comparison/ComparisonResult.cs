// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Microsoft.ML.Sparse.Comparison;

/// <summary>The result table of a comparison: one row per candidate, with mean and spread over seeds.</summary>
public sealed class ComparisonResult
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    internal ComparisonResult(ComparisonTask task, string primaryMetric, IReadOnlyList<ComparisonRow> rows)
    {
        Task = task;
        PrimaryMetric = primaryMetric;
        Rows = rows;
    }

    /// <summary>The task that was evaluated.</summary>
    public ComparisonTask Task { get; }

    /// <summary>The headline metric ("Accuracy" for classification, "RSquared" for regression).</summary>
    public string PrimaryMetric { get; }

    /// <summary>One row per candidate, in the order the candidates were given.</summary>
    public IReadOnlyList<ComparisonRow> Rows { get; }

    /// <summary>
    /// Puts the rows of several results of the same task into one result, in order (e.g. candidates run one at a time
    /// on the same train/test data so that something can be measured around each).
    /// </summary>
    /// <exception cref="ArgumentException">No results, or results of different tasks.</exception>
    public static ComparisonResult Combine(IEnumerable<ComparisonResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var list = results.ToList();
        if (list.Count == 0)
            throw new ArgumentException("Combine needs at least one result.", nameof(results));
        if (list.Any(r => r is null))
            throw new ArgumentException("A result to combine is null.", nameof(results));
        if (list.Select(r => r.Task).Distinct().Count() > 1)
            throw new ArgumentException($"Only results of the same task can be combined; got {string.Join(", ", list.Select(r => r.Task).Distinct())}.", nameof(results));
        return new ComparisonResult(list[0].Task, list[0].PrimaryMetric, list.SelectMany(r => r.Rows).ToList());
    }

    /// <summary>
    /// The table as GitHub-flavoured Markdown: metrics (mean ± standard deviation over seeds), training time, and for
    /// sparse trainers seconds per epoch and the share of time in topology rounds, model size, single-row latency,
    /// batch throughput.
    /// </summary>
    public string ToMarkdown()
    {
        var metrics = Rows.SelectMany(r => r.MetricMeans.Keys).Distinct().OrderBy(m => m == PrimaryMetric ? 0 : 1).ToList();
        bool training = Rows.Any(r => r.MeanTopologyTimeFraction is not null);
        var sb = new StringBuilder();
        sb.Append("| method | density | ");
        foreach (var m in metrics)
            sb.Append(m).Append(" | ");
        sb.Append("train (s) | ");
        if (training)
            sb.Append("s/epoch | topology share | ");
        sb.AppendLine("model size | latency (µs) | batch (rows/s) | seeds |");
        sb.Append("|---|---:|");
        foreach (var _ in metrics)
            sb.Append("---:|");
        if (training)
            sb.Append("---:|---:|");
        sb.AppendLine("---:|---:|---:|---:|---:|");
        foreach (var row in Rows)
        {
            sb.Append("| ").Append(row.IsReference ? row.Method + " (ML.NET)" : row.Method).Append(" | ")
              .Append(row.Density is { } d ? (d * 100).ToString("0.##", Inv) + "%" : "dense").Append(" | ");
            foreach (var m in metrics)
            {
                if (row.MetricMeans.TryGetValue(m, out double mean))
                {
                    sb.Append(mean.ToString("F4", Inv));
                    if (row.Runs.Count > 1)
                        sb.Append(" ± ").Append(row.MetricStandardDeviations[m].ToString("F4", Inv));
                }
                sb.Append(" | ");
            }
            sb.Append(row.MeanTrainingSeconds.ToString("F1", Inv)).Append(" | ");
            if (training)
                sb.Append(row.MeanEpochSeconds is { } e ? e.ToString("F1", Inv) : "").Append(" | ")
                  .Append(row.MeanTopologyTimeFraction is { } f ? (f * 100).ToString("F1", Inv) + "%" : "").Append(" | ");
            sb.Append(FormatBytes(row.ModelBytes)).Append(" | ")
              .Append(row.MedianLatencyMicroseconds.ToString("F1", Inv)).Append(" | ")
              .Append(double.IsFinite(row.MedianBatchRowsPerSecond) ? row.MedianBatchRowsPerSecond.ToString("N0", Inv) : "").Append(" | ")
              .Append(row.Runs.Count).AppendLine(" |");
        }
        return sb.ToString();
    }

    /// <summary>Writes every row and every run as indented JSON.</summary>
    public void SaveJson(string path)
    {
        var doc = new
        {
            task = Task.ToString(),
            primaryMetric = PrimaryMetric,
            rows = Rows.Select(r => new
            {
                method = r.Method,
                density = r.Density,
                isReference = r.IsReference,
                metricMeans = r.MetricMeans,
                metricStandardDeviations = r.MetricStandardDeviations,
                meanTrainingSeconds = r.MeanTrainingSeconds,
                modelBytes = r.ModelBytes,
                medianLatencyMicroseconds = r.MedianLatencyMicroseconds,
                medianBatchRowsPerSecond = Finite(r.MedianBatchRowsPerSecond),
                meanEpochSeconds = r.MeanEpochSeconds,
                meanTopologyTimeFraction = r.MeanTopologyTimeFraction,
                runs = r.Runs.Select(run => new
                {
                    seed = run.Seed,
                    metrics = run.Metrics,
                    trainingSeconds = run.TrainingTime.TotalSeconds,
                    modelBytes = run.ModelBytes,
                    singleRowLatencyMicroseconds = run.SingleRowLatencyMicroseconds,
                    batchRowsPerSecond = Finite(run.BatchRowsPerSecond),
                    epochs = run.TrainingSummary?.Epochs.Count,
                    epochSeconds = run.EpochTime?.TotalSeconds,
                    topologyRounds = run.TrainingSummary?.TopologyRounds.Count,
                    topologySeconds = run.TrainingSummary?.TopologyTime.TotalSeconds,
                    topologyTimeFraction = run.TopologyTimeFraction,
                }),
            }),
        };
        var json = new JsonSerializerOptions { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
        File.WriteAllText(path, JsonSerializer.Serialize(doc, json));
    }

    /// <summary>
    /// Writes one CSV line per run: method, density, reference, seed, the metrics, training seconds, model bytes,
    /// latency (µs), batch rows per second, epoch seconds and topology time fraction (empty when not measured).
    /// Numbers use the invariant culture and round-trip exactly.
    /// </summary>
    public void SaveCsv(string path)
    {
        var metrics = Rows.SelectMany(r => r.MetricMeans.Keys).Distinct().ToList();
        var sb = new StringBuilder("method,density,reference,seed,");
        sb.Append(string.Join(",", metrics)).AppendLine(",training_seconds,model_bytes,latency_us,batch_rows_per_second,epoch_seconds,topology_time_fraction");
        foreach (var row in Rows)
            foreach (var run in row.Runs)
            {
                sb.Append(Csv(row.Method)).Append(',')
                  .Append(row.Density?.ToString("R", Inv) ?? "").Append(',')
                  .Append(row.IsReference ? "true" : "false").Append(',')
                  .Append(run.Seed).Append(',');
                foreach (var m in metrics)
                    sb.Append(run.Metrics.TryGetValue(m, out double v) ? v.ToString("R", Inv) : "").Append(',');
                sb.Append(run.TrainingTime.TotalSeconds.ToString("R", Inv)).Append(',')
                  .Append(run.ModelBytes).Append(',')
                  .Append(run.SingleRowLatencyMicroseconds.ToString("R", Inv)).Append(',')
                  .Append(double.IsFinite(run.BatchRowsPerSecond) ? run.BatchRowsPerSecond.ToString("R", Inv) : "").Append(',')
                  .Append(run.EpochTime?.TotalSeconds.ToString("R", Inv) ?? "").Append(',')
                  .Append(run.TopologyTimeFraction?.ToString("R", Inv) ?? "").AppendLine();
            }
        File.WriteAllText(path, sb.ToString());
    }

    /// <summary>
    /// Writes an SVG line plot of the primary metric against density (log scale): one line with a point per density for
    /// each sparse method; fully connected rows (density 1) are a point at 100% with a dashed guide line, reference
    /// rows without a density a dashed line.
    /// </summary>
    public void SaveDensityPlotSvg(string path) => File.WriteAllText(path, DensityPlot.Render(this));

    internal static string FormatBytes(long bytes) => bytes switch
    {
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("F2", Inv) + " MiB",
        >= 1L << 10 => (bytes / (double)(1L << 10)).ToString("F1", Inv) + " KiB",
        _ => bytes.ToString(Inv) + " B",
    };

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static string Csv(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
