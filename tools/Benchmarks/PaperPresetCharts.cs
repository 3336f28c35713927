// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using System.Text;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// The learning curves of the paper-preset report: per dataset, the test accuracy after every epoch of each full-preset
/// configuration (100 epochs, hidden 1568, every training row), averaged over its seeds, drawn with
/// <see cref="LearningCurveChart"/> next to the report.
/// </summary>
internal static class PaperPresetCharts
{
    /// <summary>Writes learning-curves-&lt;dataset&gt;.svg into <paramref name="directory"/> and appends a section linking them.</summary>
    public static void Append(StringBuilder sb, IReadOnlyList<PaperPresetRun> runs, string directory)
    {
        var c = CultureInfo.InvariantCulture;
        var full = runs.Where(r => r.Epochs == 100 && r.Hidden == 1568 && r.TrainRows is null && r.TestAccuracyPerEpoch.Length == 100).ToList();
        if (full.Count == 0)
            return;
        sb.AppendLine();
        sb.AppendLine("## Learning curves");
        sb.AppendLine();
        sb.AppendLine("Test accuracy after every epoch of each full-preset configuration, averaged over its seeds (drawn with ScottPlot by `--summarize`).");
        foreach (var dataset in full.Select(r => r.Dataset).Distinct().OrderBy(d => d, StringComparer.Ordinal))
        {
            var series = full.Where(r => r.Dataset == dataset)
                .GroupBy(Label)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => ($"{g.Key} ({g.Count()} seed{(g.Count() == 1 ? "" : "s")})",
                    Enumerable.Range(0, 100).Select(e => 100 * g.Average(r => r.TestAccuracyPerEpoch[e])).ToArray()))
                .ToList();
            double best = series.Max(s => s.Item2.Max());
            string file = $"learning-curves-{dataset}.svg";
            LearningCurveChart.WriteSvg(Path.Combine(directory, file), $"{dataset}: test accuracy per epoch (1% density, paper preset)", "test accuracy (%)",
                series, bottom: Math.Floor(best - 2.5));
            sb.AppendLine();
            sb.AppendLine(c, $"![{dataset} learning curves]({file})");
        }
    }

    private static string Label(PaperPresetRun r)
    {
        string ch = r.Method is "Chts" or "Chtss" ? $" {PaperTable7.PredictorOf(r)} {PaperPresetReport.RemovalOf(r)}" : "";
        return $"{r.Method}{ch}{(r.Init == "csti" ? "" : " " + r.Init)}{(r.SkipStepOnRound ? "" : " noskip")}";
    }
}
