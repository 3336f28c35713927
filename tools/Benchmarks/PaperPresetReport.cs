// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.ML.Sparse.Comparison;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// The Markdown page of <see cref="PaperPresetBenchmark"/>: the paper's Table 7 row by row beside ours, mean ± std per
/// configuration, against dense, and every run.
/// </summary>
internal static class PaperPresetReport
{
    public static string Markdown(string runsDirectory)
    {
        var c = CultureInfo.InvariantCulture;
        var runs = Directory.GetFiles(runsDirectory, "*.json").OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => JsonSerializer.Deserialize<PaperPresetRun>(File.ReadAllText(f))!).ToList();
        var sb = new StringBuilder();
        sb.AppendLine("# Paper MLP preset on the managed engine");
        sb.AppendLine();
        sb.AppendLine("784-1568-1568-1568-10, 1% density, batch 32, SGD 0.025 (linear decay), momentum 0.9, weight decay 5e-4, ζ 0.3, a topology round per epoch,");
        sb.AppendLine("features standardised with one mean/std (the paper's Normalize). Test accuracy after every epoch: *final* is the last epoch's, *best* the best epoch's (what the paper's code reports).");
        sb.AppendLine("Each row of the Runs table is one `paper-preset` invocation (`runs/*.json` beside this page); runs may come from different sessions.");
        PaperTable7Report.Append(sb, runs);
        sb.AppendLine();
        sb.AppendLine("## By configuration (mean ± std over seeds)");
        sb.AppendLine();
        sb.AppendLine("Removal and predictor apply to CHTs and CHTss (– elsewhere): SET, RigL and GraNet always remove by hard weight magnitude, GMP removes nothing. "
            + "Init \"surplus s\": the layers trained at 1% + s until 0.6·T_end and 1% + s/2 until the last round (`DensitySurplus`, the reference code's EM_S).");
        sb.AppendLine("ANP: share of hidden neurons with in- and out-links after training (– where the run predates its recording). Rows: training rows (all = the whole training set).");
        sb.AppendLine();
        sb.AppendLine("| dataset | hidden | method | predictor | init | removal | skip step on round | rows | epochs | seeds | final | best | ANP | training min/run |");
        sb.AppendLine("|---|---:|---|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var g in runs.GroupBy(r => (r.Dataset, Hidden: Width(r), r.Method, Predictor: IsCh(r) ? PaperTable7.PredictorOf(r) : "–", Init: InitOf(r), Removal: IsCh(r) ? RemovalOf(r) : "–", r.SkipStepOnRound, r.TrainRows, r.Epochs))
                     .OrderBy(g => g.Key.Dataset).ThenBy(g => g.Key.Epochs).ThenBy(g => g.Key.Method).ThenBy(g => g.Key.Predictor).ThenBy(g => g.Key.Init))
        {
            var list = g.ToList();
            sb.AppendLine(c, $"| {g.Key.Dataset} | {g.Key.Hidden} | {g.Key.Method} | {g.Key.Predictor} | {g.Key.Init} | {g.Key.Removal} | {(g.Key.SkipStepOnRound ? "yes" : "no")} | {(g.Key.TrainRows is { } n ? n.ToString("N0", c) : "all")} | {g.Key.Epochs} | {list.Count} | {Mean(list.Select(r => r.FinalAccuracy))} | {Mean(list.Select(r => r.BestAccuracy))} | {Anp(list)} | {list.Average(r => r.TrainingSeconds) / 60:F1} |");
        }
        AppendAgainstDense(sb, runs);
        PaperPresetCharts.Append(sb, runs, Path.GetDirectoryName(Path.GetFullPath(runsDirectory))!);
        sb.AppendLine();
        sb.AppendLine("## Runs");
        sb.AppendLine();
        sb.AppendLine("| run | engine | final | best (epoch) | ANP | final training loss | training min | topology s | links | date |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in runs)
            sb.AppendLine(c, $"| {r.Name} | {r.Engine} | {r.FinalAccuracy:P2} | {r.BestAccuracy:P2} ({r.BestEpoch}) | {Anp(new[] { r })} | {r.FinalTrainingLoss:F4} | {r.TrainingSeconds / 60:F1} | {r.TopologySeconds:F0} | {r.ActiveLinks:N0} | {r.DateUtc} |");
        return sb.ToString();
    }

    /// <summary>Each sparse 100-epoch configuration against the dense runs of the same dataset and width, in points.</summary>
    private static void AppendAgainstDense(StringBuilder sb, List<PaperPresetRun> runs)
    {
        var c = CultureInfo.InvariantCulture;
        var dense = runs.Where(r => r.Method == "Dense" && r.TrainRows is null).GroupBy(r => (r.Dataset, Hidden: Width(r), r.Epochs)).ToList();
        if (dense.Count == 0)
            return;
        sb.AppendLine();
        sb.AppendLine("## Against the dense baseline (same dataset, width and epochs, whole training set)");
        sb.AppendLine();
        sb.AppendLine("| dataset | method | predictor | removal | seeds | final − dense (points) | best − dense (points) | dense final / best |");
        sb.AppendLine("|---|---|---|---|---:|---:|---:|---|");
        foreach (var d in dense.OrderBy(d => d.Key.Dataset))
        {
            double denseFinal = d.Average(r => r.FinalAccuracy), denseBest = d.Average(r => r.BestAccuracy);
            foreach (var g in runs.Where(r => r.Method != "Dense" && r.Dataset == d.Key.Dataset && Width(r) == d.Key.Hidden && r.Epochs == d.Key.Epochs && r.SkipStepOnRound && r.TrainRows is null)
                         .GroupBy(r => (r.Method, Predictor: IsCh(r) ? PaperTable7.PredictorOf(r) : "–", Removal: (IsCh(r) ? RemovalOf(r) : "–") + Surplus(r))).OrderBy(g => g.Key.Method).ThenBy(g => g.Key.Predictor).ThenBy(g => g.Key.Removal))
            {
                sb.AppendLine(c, $"| {d.Key.Dataset} | {g.Key.Method} | {g.Key.Predictor} | {g.Key.Removal} | {g.Count()} | {(g.Average(r => r.FinalAccuracy) - denseFinal) * 100:+0.00;-0.00} | {(g.Average(r => r.BestAccuracy) - denseBest) * 100:+0.00;-0.00} | {denseFinal:P2} / {denseBest:P2} ({d.Count()} run{(d.Count() > 1 ? "s" : "")}) |");
            }
        }
    }

    /// <summary>Whether the run's method uses the removal and predictor options (CHTs, CHTss).</summary>
    private static bool IsCh(PaperPresetRun r) => r.Method is "Chts" or "Chtss";

    /// <summary>Mean ANP of the runs that recorded it, as a percentage; – when none did.</summary>
    internal static string Anp(IEnumerable<PaperPresetRun> runs)
    {
        var values = runs.Where(r => r.Anp is not null).Select(r => r.Anp!.Value).ToList();
        return values.Count == 0 ? "–" : string.Format(CultureInfo.InvariantCulture, "{0:P0}", values.Average());
    }

    // Runs stored before the hidden width was recorded used the paper's 1568, or say otherwise in their name.
    internal static int Width(PaperPresetRun r) => r.Name.Contains("-h10000", StringComparison.Ordinal) ? 10000 : r.Hidden > 0 ? r.Hidden : 1568;

    /// <summary>The initial topology, with the density surplus when the run had one (", surplus 0.05").</summary>
    internal static string InitOf(PaperPresetRun r) => r.Init + Surplus(r);

    private static string Surplus(PaperPresetRun r) => r.DensitySurplus is { } s ? string.Create(CultureInfo.InvariantCulture, $", surplus {s:G3}") : "";

    internal static string RemovalOf(PaperPresetRun r) => r.Removal
        ?? (r.Name.Contains("-relativeimportancesoft", StringComparison.Ordinal) ? "RelativeImportanceSoft" : "WeightMagnitudeSoft");

    private static string Mean(IEnumerable<double> values)
    {
        var v = values.ToList();
        return string.Format(CultureInfo.InvariantCulture, v.Count > 1 ? "{0:P2} ± {1:F2}" : "{0:P2}", Statistics.Mean(v), Statistics.SampleStandardDeviation(v) * 100);
    }
}
