using System.Globalization;
using System.Text;
using System.Text.Json;

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

    /// <summary>The table as GitHub-flavoured Markdown.</summary>
    public string ToMarkdown()
    {
        var metrics = Rows.SelectMany(r => r.MetricMeans.Keys).Distinct().OrderBy(m => m == PrimaryMetric ? 0 : 1).ToList();
        var sb = new StringBuilder();
        sb.Append("| method | density | ");
        foreach (var m in metrics)
            sb.Append(m).Append(" | ");
        sb.AppendLine("train (s) | model size | latency (µs) | seeds |");
        sb.Append("|---|---:|");
        foreach (var _ in metrics)
            sb.Append("---:|");
        sb.AppendLine("---:|---:|---:|---:|");
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
            sb.Append(row.MeanTrainingSeconds.ToString("F1", Inv)).Append(" | ")
              .Append(FormatBytes(row.ModelBytes)).Append(" | ")
              .Append(row.MedianLatencyMicroseconds.ToString("F1", Inv)).Append(" | ")
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
                runs = r.Runs.Select(run => new
                {
                    seed = run.Seed,
                    metrics = run.Metrics,
                    trainingSeconds = run.TrainingTime.TotalSeconds,
                    modelBytes = run.ModelBytes,
                    singleRowLatencyMicroseconds = run.SingleRowLatencyMicroseconds,
                }),
            }),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Writes one CSV line per run (method, density, seed, metrics..., seconds, bytes, latency).</summary>
    public void SaveCsv(string path)
    {
        var metrics = Rows.SelectMany(r => r.MetricMeans.Keys).Distinct().ToList();
        var sb = new StringBuilder("method,density,reference,seed,");
        sb.Append(string.Join(",", metrics)).AppendLine(",training_seconds,model_bytes,latency_us");
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
                  .Append(run.SingleRowLatencyMicroseconds.ToString("R", Inv)).AppendLine();
            }
        File.WriteAllText(path, sb.ToString());
    }

    /// <summary>Writes an SVG line plot of the primary metric against density (log scale), one line per method.</summary>
    public void SaveDensityPlotSvg(string path) => File.WriteAllText(path, DensityPlot.Render(this));

    internal static string FormatBytes(long bytes) => bytes switch
    {
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("F2", Inv) + " MiB",
        >= 1L << 10 => (bytes / (double)(1L << 10)).ToString("F1", Inv) + " KiB",
        _ => bytes.ToString(Inv) + " B",
    };

    private static string Csv(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
