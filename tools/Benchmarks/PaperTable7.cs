// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// The rows of the paper's Table 7 (MLP at 1% density, 100 epochs, best epoch, mean ± standard error over 3 seeds, ANP),
/// NeurIPS 2025 camera-ready / arXiv 2501.19107v4 as transcribed in docs/chts-specification.md §6, and which stored paper-preset
/// runs stand for each row here.
/// </summary>
internal static class PaperTable7
{
    /// <summary>One row: its label, the paper's (accuracy %, s.e., ANP %) per dataset, and the runs that belong to it.</summary>
    internal sealed record Row(string Label, IReadOnlyDictionary<string, (double Accuracy, double Error, double? Anp)> Paper,
        Func<PaperPresetRun, bool>? Matches, string? NotAvailable = null);

    /// <summary>Datasets in the paper's column order; EMNIST has no offline package here.</summary>
    public static readonly string[] Datasets = { "mnist", "fashion-mnist", "emnist" };

    /// <summary>The rows in the paper's order.</summary>
    public static readonly Row[] Rows =
    {
        new("FC", Paper((98.78, 0.02, null), (90.88, 0.02, null), (87.13, 0.04, null)), r => r.Method == "Dense"),
        new("CHTs-p (CH3-L3p)", Paper((98.81, 0.04, 20), (90.93, 0.03, 89), (87.61, 0.07, 24)), r => r.Method == "Chts" && PredictorOf(r) == "CH3L3p"),
        new("CHTs-n (CH2-L3n)", Paper((98.76, 0.05, 27), (90.67, 0.05, 73), (87.82, 0.04, 28)), r => r.Method == "Chts" && PredictorOf(r) == "CH2L3n"),
        new("CHT", Paper((98.48, 0.04, 29), (88.70, 0.07, 30), (86.35, 0.08, 21)), null, "not run: CHT (ICLR 2024) has no preset here"),
        new("RigL", Paper((98.61, 0.01, 29), (89.91, 0.07, 55), (86.94, 0.08, 28)), r => r.Method == "RigL"),
        new("SET", Paper((98.14, 0.02, 100), (89.00, 0.09, 100), (86.31, 0.08, 100)), r => r.Method == "Set"),
        new("CHTss-n (CH2-L3n)", Paper((98.83, 0.02, 32), (90.81, 0.11, 40), (87.52, 0.04, 35)), r => r.Method == "Chtss" && PredictorOf(r) == "CH2L3n"),
        new("GraNet", Paper((98.81, 0.00, 35), (89.98, 0.06, 53), (86.94, 0.03, 45)), r => r.Method == "GraNet"),
        new("GMP", Paper((98.62, 0.03, 58), (90.29, 0.19, 69), (86.93, 0.09, 75)), r => r.Method == "Gmp"),
    };

    /// <summary>The run's CHTs/CHTss predictor (runs stored before the option existed used CH2-L3n).</summary>
    public static string PredictorOf(PaperPresetRun run) => run.Predictor ?? "CH2L3n";

    private static Dictionary<string, (double, double, double?)> Paper((double, double, double?) mnist, (double, double, double?) fashion,
        (double, double, double?) emnist) => new() { ["mnist"] = mnist, ["fashion-mnist"] = fashion, ["emnist"] = emnist };
}
