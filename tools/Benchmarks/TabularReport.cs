// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using System.Text;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// Markdown report of the tabular benchmark: the targets first (defaults against the better of LightGbm and the dense
/// MLP, fit time against LightGbm), then one table of means over seeds per data set with what the defaults chose.
/// </summary>
internal static class TabularReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Markdown(IReadOnlyList<TabularResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Tabular benchmark: SparseMlp defaults on 23 tables").AppendLine();
        var seeds = results.Select(r => r.Seed).Distinct().Order().ToList();
        var commits = results.Select(r => r.Commit).Distinct().ToList();
        sb.AppendLine(string.Create(Inv, $"Written {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `bash build/bench --tabular` from the stored runs in tabular-report.json ")
            + string.Create(Inv, $"(seeds {string.Join(",", seeds)}; commits {string.Join(", ", commits)}). ")
            + "Tables without a given split get a 75/25 split drawn from the seed (three seeds are three splits; tables under 1,000 rows get six); PROBEN1 tables and the UCI classic splits "
            + "(letter 16,000/4,000, satellite 4,435/2,000, shuttle 43,500/14,500, DNA 2,000/1,186, segment 1,500/810) keep theirs, so their seeds vary "
            + "only the training. Accuracy is micro accuracy on the test rows (binary tables: the binary catalog), log-loss from ML.NET's evaluator, "
            + "fit = wall time of `Fit`, after one unrecorded warm-up fit of each method in the process (one-time JIT compilation is in no table's time). Machine: 2 shared CPU cores; times are indicative, compare within a table.");
        sb.AppendLine();
        Targets(sb, results);
        foreach (var table in results.GroupBy(r => r.Table))
            Table(sb, table.Key, table.ToList());
        return sb.ToString();
    }

    private static double Mean(IEnumerable<TabularResult> rs, Func<TabularResult, double> f)
    {
        var ok = rs.Where(r => r.Error is null).Select(f).Where(double.IsFinite).ToList();
        return ok.Count == 0 ? double.NaN : ok.Average();
    }

    private static void Targets(StringBuilder sb, IReadOnlyList<TabularResult> results)
    {
        sb.AppendLine("## Targets").AppendLine();
        sb.AppendLine("Defaults within 1 point of accuracy (0.02 R²) of the better of LightGbm and the dense MLP defaults, or better; no failed run, no "
            + "links-per-neuron warning; fit time at most 3x LightGbm's on tables above 5,000 rows.").AppendLine();
        sb.AppendLine("| table | rows | features | classes | defaults | dense | LightGbm | gap to best | fit defaults / LightGbm | warnings | met |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        int met = 0, total = 0;
        foreach (var table in results.GroupBy(r => r.Table))
        {
            var d = table.Where(r => r.Method == TabularPipelines.Defaults).ToList();
            if (d.Count == 0)
                continue;
            var first = d[0];
            double dm = Mean(d, r => r.Metric), dense = Mean(table.Where(r => r.Method == TabularPipelines.Dense), r => r.Metric);
            double lgbm = Mean(table.Where(r => r.Method == TabularPipelines.LightGbm), r => r.Metric);
            double best = new[] { dense, lgbm }.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max();
            double ratio = Mean(d, r => r.TrainSeconds) / Mean(table.Where(r => r.Method == TabularPipelines.LightGbm), r => r.TrainSeconds);
            double tolerance = first.MetricName == "R2" ? 0.02 : 0.01;
            int warnings = d.Sum(r => r.Warnings);
            bool timeOk = first.Rows <= 5000 || !(ratio > 3);
            bool ok = d.All(r => r.Error is null) && warnings == 0 && dm >= best - tolerance && timeOk;
            total++;
            if (ok) met++;
            sb.AppendLine(string.Create(Inv,
                $"| {table.Key} | {first.Rows} | {first.Features} | {(first.Classes == 0 ? "R²" : first.Classes.ToString(Inv))} | {dm:F4} | {dense:F4} | {lgbm:F4} | {dm - best:+0.0000;-0.0000} | {ratio:F1}x{(first.Rows > 5000 ? "" : " (n/a)")} | {warnings} | {(ok ? "yes" : "**no**")} |"));
        }
        sb.AppendLine().AppendLine(string.Create(Inv, $"Met on {met} of {total} tables.")).AppendLine();
    }

    private static void Table(StringBuilder sb, string name, List<TabularResult> rows)
    {
        var first = rows[0];
        sb.AppendLine(string.Create(Inv, $"## {name} ({first.MetricName}; {first.Rows} rows, {first.Features} features{(first.Classes > 0 ? $", {first.Classes} classes" : "")})")).AppendLine();
        sb.AppendLine($"| method | {first.MetricName} | log-loss | fit s | zip KB | latency µs | failures |").AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var m in rows.GroupBy(r => r.Method))
            sb.AppendLine(string.Create(Inv,
                $"| {m.Key} | {Mean(m, r => r.Metric):F4} | {Show(Mean(m, r => r.LogLoss), "F3")} | {Mean(m, r => r.TrainSeconds):F1} | {Mean(m, r => r.ZipBytes / 1024.0):F0} | {Mean(m, r => r.LatencyMicroseconds):F0} | {m.Count(r => r.Error is not null)} |"));
        var d = rows.Where(r => r.Method == TabularPipelines.Defaults && r.Error is null).ToList();
        if (d.Count > 0)
        {
            var c = d[0];
            sb.AppendLine().AppendLine(string.Create(Inv,
                $"Defaults chose (seed {c.Seed}): hidden {c.Hidden}, hidden-layer density {c.SparseLayerDensity:G3}, {c.Encoding} encoding, {c.Standardization} standardisation, holdout {c.HoldoutRows} rows; ")
                + string.Create(Inv, $"epochs run {string.Join("/", d.Select(r => r.EpochsRun))}, kept {string.Join("/", d.Select(r => r.KeptEpoch))}; topology rounds {Mean(d, r => r.TopologyShare ?? 0):P0} of training time."));
        }
        foreach (var w in rows.Where(r => r.WarningText is not null).Select(r => $"{r.Method}: {r.WarningText}").Distinct())
            sb.AppendLine().AppendLine($"Warning ({w})");
        sb.AppendLine();
    }

    private static string Show(double v, string format) => double.IsFinite(v) ? v.ToString(format, Inv) : "-";
}
