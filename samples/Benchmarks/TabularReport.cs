// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using System.Text;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>Markdown report of the tabular benchmark: one table of means per dataset, then the targets.</summary>
internal static class TabularReport
{
    public static string Markdown(IReadOnlyList<TabularResult> results, int[] seeds)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("# Tabular benchmark: SparseMlp defaults on small tables").AppendLine();
        sb.AppendLine(string.Create(inv, $"Generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `bash build/bench --tabular`; seeds {string.Join(",", seeds)} (mean shown); ") +
            "75/25 seeded split for sklearn tables, the PROBEN1 .train/.test files for thyroid and building (building: first output). " +
            "Latency: median PredictionEngine call. Machine: 2 shared CPU cores (busy with other jobs, times are indicative).");
        sb.AppendLine();
        foreach (var table in results.GroupBy(r => r.Table))
        {
            string metric = table.First().MetricName;
            sb.AppendLine($"## {table.Key} ({metric})").AppendLine();
            sb.AppendLine($"| method | {metric} | train s | zip KB | latency µs | failures |").AppendLine("|---|---:|---:|---:|---:|---:|");
            foreach (var m in table.GroupBy(r => r.Method))
            {
                var ok = m.Where(r => r.Error is null).ToList();
                string Mean(Func<TabularResult, double> f, string format) => ok.Count == 0 ? "-" : ok.Average(f).ToString(format, inv);
                sb.AppendLine($"| {m.Key} | {Mean(r => r.Metric, "F4")} | {Mean(r => r.TrainSeconds, "F1")} | {Mean(r => r.ZipBytes / 1024.0, "F0")} | {Mean(r => r.LatencyMicroseconds, "F0")} | {m.Count() - ok.Count} |");
            }
            sb.AppendLine();
        }
        sb.AppendLine("## Targets (defaults vs LightGBM: within 1 point of accuracy, 0.02 R²)").AppendLine();
        sb.AppendLine("| table | defaults | LightGBM | gap | met |").AppendLine("|---|---:|---:|---:|---|");
        foreach (var table in results.GroupBy(r => r.Table))
        {
            double Mean(string method) => table.Where(r => r.Method == method && r.Error is null).Select(r => r.Metric).DefaultIfEmpty(double.NaN).Average();
            double d = Mean("SparseMlp defaults"), l = Mean("LightGbm");
            double tolerance = table.First().MetricName == "R2" ? 0.02 : 0.01;
            bool failed = table.Any(r => r.Method == "SparseMlp defaults" && r.Error is not null);
            sb.AppendLine(string.Create(inv, $"| {table.Key} | {d:F4} | {l:F4} | {d - l:+0.0000;-0.0000} | {(!failed && d >= l - tolerance ? "yes" : "no")} |"));
        }
        return sb.ToString();
    }
}
