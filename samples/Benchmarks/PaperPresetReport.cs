// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.ML.Sparse.Comparison;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>The Markdown page of <see cref="PaperPresetBenchmark"/>: every run, then mean ± std per configuration.</summary>
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
        sb.AppendLine("Each row of the first table is one `paper-preset` invocation (`bench/paper-preset/runs/*.json`); runs may come from different sessions.");
        sb.AppendLine();
        sb.AppendLine("## By configuration (mean ± std over seeds)");
        sb.AppendLine();
        sb.AppendLine("The removal column applies to CHTs and CHTss; SET and RigL always remove by hard weight magnitude.");
        sb.AppendLine();
        sb.AppendLine("| dataset | hidden | method | init | removal | skip step on round | epochs | seeds | final | best | training min/run |");
        sb.AppendLine("|---|---:|---|---|---|---|---:|---:|---:|---:|---:|");
        foreach (var g in runs.GroupBy(r => (r.Dataset, Hidden: Width(r), r.Method, r.Init, Removal: RemovalOf(r), r.SkipStepOnRound, r.Epochs)).OrderBy(g => g.Key.Dataset).ThenBy(g => g.Key.Epochs).ThenBy(g => g.Key.Method).ThenBy(g => g.Key.Init))
        {
            var list = g.ToList();
            sb.AppendLine(c, $"| {g.Key.Dataset} | {g.Key.Hidden} | {g.Key.Method} | {g.Key.Init} | {g.Key.Removal} | {(g.Key.SkipStepOnRound ? "yes" : "no")} | {g.Key.Epochs} | {list.Count} | {Mean(list.Select(r => r.FinalAccuracy))} | {Mean(list.Select(r => r.BestAccuracy))} | {list.Average(r => r.TrainingSeconds) / 60:F1} |");
        }
        AppendAgainstDense(sb, runs);
        sb.AppendLine();
        sb.AppendLine("## Runs");
        sb.AppendLine();
        sb.AppendLine("| run | engine | final | best (epoch) | final training loss | training min | topology s | links | date |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in runs)
            sb.AppendLine(c, $"| {r.Name} | {r.Engine} | {r.FinalAccuracy:P2} | {r.BestAccuracy:P2} ({r.BestEpoch}) | {r.FinalTrainingLoss:F4} | {r.TrainingSeconds / 60:F1} | {r.TopologySeconds:F0} | {r.ActiveLinks:N0} | {r.DateUtc} |");
        sb.AppendLine();
        sb.AppendLine("Paper (Table 7, MLP at 1% density, 100 epochs, 3 seeds, best epoch): Fashion-MNIST FC 90.88, CHTs-p 90.93, CHTs-n (CH2-L3n, our default predictor) 90.67; MNIST FC 98.78, CHTs-p 98.81, CHTs-n 98.76.");
        return sb.ToString();
    }

    /// <summary>Each sparse 100-epoch configuration against the dense runs of the same dataset and width, in points.</summary>
    private static void AppendAgainstDense(StringBuilder sb, List<PaperPresetRun> runs)
    {
        var c = CultureInfo.InvariantCulture;
        var dense = runs.Where(r => r.Method == "Dense").GroupBy(r => (r.Dataset, Hidden: Width(r), r.Epochs)).ToList();
        if (dense.Count == 0)
            return;
        sb.AppendLine();
        sb.AppendLine("## Against the dense baseline (same dataset, width and epochs)");
        sb.AppendLine();
        sb.AppendLine("| dataset | method | removal | seeds | final − dense (points) | best − dense (points) | dense final / best |");
        sb.AppendLine("|---|---|---|---:|---:|---:|---|");
        foreach (var d in dense.OrderBy(d => d.Key.Dataset))
        {
            double denseFinal = d.Average(r => r.FinalAccuracy), denseBest = d.Average(r => r.BestAccuracy);
            foreach (var g in runs.Where(r => r.Method != "Dense" && r.Dataset == d.Key.Dataset && Width(r) == d.Key.Hidden && r.Epochs == d.Key.Epochs && r.SkipStepOnRound)
                         .GroupBy(r => (r.Method, Removal: RemovalOf(r))).OrderBy(g => g.Key.Method).ThenBy(g => g.Key.Removal))
            {
                sb.AppendLine(c, $"| {d.Key.Dataset} | {g.Key.Method} | {g.Key.Removal} | {g.Count()} | {(g.Average(r => r.FinalAccuracy) - denseFinal) * 100:+0.00;-0.00} | {(g.Average(r => r.BestAccuracy) - denseBest) * 100:+0.00;-0.00} | {denseFinal:P2} / {denseBest:P2} ({d.Count()} run{(d.Count() > 1 ? "s" : "")}) |");
            }
        }
    }

    // Runs stored before the hidden width was recorded used the paper's 1568, or say otherwise in their name.
    private static int Width(PaperPresetRun r) => r.Name.Contains("-h10000", StringComparison.Ordinal) ? 10000 : r.Hidden > 0 ? r.Hidden : 1568;

    private static string RemovalOf(PaperPresetRun r) => r.Removal
        ?? (r.Name.Contains("-relativeimportancesoft", StringComparison.Ordinal) ? "RelativeImportanceSoft" : "WeightMagnitudeSoft");

    private static string Mean(IEnumerable<double> values)
    {
        var v = values.ToList();
        return string.Format(CultureInfo.InvariantCulture, v.Count > 1 ? "{0:P2} ± {1:F2}" : "{0:P2}", Statistics.Mean(v), Statistics.SampleStandardDeviation(v) * 100);
    }
}
