// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using System.Text;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>The Markdown page of <see cref="SparseEngineBenchmark"/>.</summary>
internal static class SparseEngineReport
{
    public static string Markdown(Dictionary<string, object> report, List<Dictionary<string, object>> paper, List<Dictionary<string, object>> scaling)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("# Truly sparse training: managed CSR engine vs TorchSharp");
        sb.AppendLine();
        sb.AppendLine(c, $"Generated {report["date_utc"]} by `bash build/bench --engine` (`samples/Benchmarks sparse-engine`). Fashion-MNIST train rows, batch 32, SGD (lr 0.025, momentum 0.9, weight decay 5e-4).");
        sb.AppendLine("Each path runs in the same process, in interleaved blocks; times are medians over blocks, epochs are steps/epoch × ms/step.");
        sb.AppendLine("The managed step runs on one thread; TorchSharp with the thread count in the settings below; rounds use all cores for link prediction.");
        sb.AppendLine();
        sb.AppendLine("## Paper MLP 784-1568-1568-1568-10");
        sb.AppendLine();
        sb.AppendLine("| density | links / hidden layer | managed s/epoch | TorchSharp masked s/epoch | TorchSharp dense s/epoch | speed-up vs masked | vs dense | CHTs round | round / managed epoch |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var p in paper)
        {
            var rounds = (IEnumerable<double>)p["round_ms"];
            sb.AppendLine(c, $"| {(double)p["density"]:P1} | {p["links_per_hidden_layer"]:N0} | {(double)p["managed_s_per_epoch"]:F1} | {(double)p["masked_s_per_epoch"]:F1} | {(double)p["dense_s_per_epoch"]:F1} | {(double)p["speedup_vs_masked"]:F1}x | {(double)p["speedup_vs_dense"]:F1}x | {SparseEngineBenchmark.Median(rounds):F0} ms | {(double)p["round_share_of_epoch"]:P1} |");
        }
        sb.AppendLine();
        sb.AppendLine("Targets: sparse epoch at 1% at least 20x faster than the masked path (stretch 50x); a round at most 10% of the sparse epoch.");
        sb.AppendLine();
        sb.AppendLine("## Width scaling (managed engine, three hidden layers of the given width)");
        sb.AppendLine();
        sb.AppendLine("| hidden | density | links / hidden layer | ms/step | s/epoch | CHTs round (link prediction) | round / epoch | peak RSS |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in scaling)
            sb.AppendLine(c, $"| {s["hidden"]} | {(double)s["density"]:P1} | {s["links_per_hidden_layer"]:N0} | {(double)s["managed_ms_per_step"]:F2} | {(double)s["managed_s_per_epoch"]:F0} | {(double)s["round_ms"]:F0} ms ({(double)s["round_link_prediction_ms"]:F0} ms) | {(double)s["round_share_of_epoch"]:P1} | {(long)s["peak_rss_bytes"] / 1e9:F2} GB |");
        sb.AppendLine();
        sb.AppendLine("A dense 784-10000-10000-10000-10 MLP has 2.1e8 weights per step; TorchSharp dense was not run at that width.");
        sb.AppendLine();
        sb.AppendLine("## Machine");
        sb.AppendLine();
        foreach (var (k, v) in (Dictionary<string, object>)report["machine"])
            sb.AppendLine(c, $"- {k}: {v}");
        foreach (var (k, v) in (Dictionary<string, object>)report["machine_at_end"])
            sb.AppendLine(c, $"- {k} (end): {v}");
        return sb.ToString();
    }
}
