// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using System.Text;
using Microsoft.ML.Sparse.Comparison;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// Pairs the runs of a translation report with their dense baseline and, when a method ran with several training seeds,
/// summarises the spread over seeds (the seed-to-seed variation that one test set's bootstrap cannot show).
/// </summary>
internal static class TranslationSeedSummary
{
    /// <summary>The dense run trained with the same seed as <paramref name="run"/>, else the first dense run (null if none).</summary>
    public static TranslationRunResult? DenseFor(TranslationRunResult run, IReadOnlyList<TranslationRunResult> results)
    {
        var dense = results.Where(r => r.Method == SparseTrainingMethod.Dense).ToList();
        return dense.FirstOrDefault(r => r.Seed == run.Seed) ?? dense.FirstOrDefault();
    }

    /// <summary>Writes mean ± standard deviation of BLEU over seeds per method and density, when any of them has more than one seed.</summary>
    public static void Write(StringBuilder md, IReadOnlyList<TranslationRunResult> results)
    {
        var groups = results.GroupBy(r => (r.Method, Density: Math.Round(r.Density, 3))).ToList();
        if (groups.All(g => g.Count() < 2))
            return;
        var dense = groups.FirstOrDefault(g => g.Key.Method == SparseTrainingMethod.Dense);
        double? denseMean = dense?.Average(r => r.Bleu);
        md.AppendLine().AppendLine("Over training seeds (same split and test set; mean ± sample standard deviation):").AppendLine();
        md.AppendLine("| method | density | seeds | test BLEU | BLEU / dense (means) | BLEU-2 | validation loss |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var g in groups)
        {
            var runs = g.ToList();
            md.AppendLine($"| {g.Key.Method} | {g.Key.Density:P0} | {string.Join(", ", runs.Select(r => r.Seed))} | {MeanSd(runs.Select(r => r.Bleu))} | " +
                          $"{(denseMean is > 0 ? $"{runs.Average(r => r.Bleu) / denseMean.Value:P0}" : "n/a")} | {MeanSd(runs.Select(r => r.Bleu2))} | " +
                          $"{MeanSd(runs.Where(r => r.ValidationLoss.HasValue).Select(r => r.ValidationLoss!.Value), "F3")} |");
        }
    }

    private static string MeanSd(IEnumerable<double> values, string format = "F2")
    {
        var x = values.ToList();
        if (x.Count == 0)
            return "";
        string mean = Statistics.Mean(x).ToString(format, CultureInfo.InvariantCulture);
        return x.Count == 1 ? mean : $"{mean} ± {Statistics.SampleStandardDeviation(x).ToString(format, CultureInfo.InvariantCulture)}";
    }
}
