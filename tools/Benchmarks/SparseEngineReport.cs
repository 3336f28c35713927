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
        sb.AppendLine(c, $"Generated {report["date_utc"]} by `bash build/bench --engine` (`tools/Benchmarks sparse-engine`). Fashion-MNIST train rows, batch 32, SGD (lr 0.025, momentum 0.9, weight decay 5e-4).");
        sb.AppendLine("Each path runs in the same process, in interleaved blocks; times are medians over blocks, epochs are steps/epoch × ms/step.");
        sb.AppendLine("Threads: the managed step on 1 and 2 threads (`NumberOfThreads`; same model bit for bit), TorchSharp dense on 1 and 2 libtorch threads, TorchSharp masked on 1; rounds use all cores for link prediction. The machine is a shared 2-core virtual machine.");
        var bounds = (Dictionary<string, double>)report["machine_bounds"];
        sb.AppendLine(c, $"Machine bound, measured at the start (`MachineBounds`): FMA peak {bounds["flops_1"] / 1e9:F0} GFLOP/s on 1 thread, {bounds["flops_2"] / 1e9:F0} on 2; memory bandwidth (triad) {bounds["bandwidth_1"] / 1e9:F1} GB/s on 1 thread, {bounds["bandwidth_2"] / 1e9:F1} on 2.");
        sb.AppendLine();
        sb.AppendLine("## Paper MLP 784-1568-1568-1568-10");
        sb.AppendLine();
        sb.AppendLine("Main ratio: the managed engine against TorchSharp dense on the same number of threads.");
        sb.AppendLine();
        sb.AppendLine("| density | links / hidden layer | managed s/epoch (1 / 2 threads) | dense s/epoch (1 / 2 threads) | **vs dense, 1 thread** | **vs dense, 2 threads** | managed 2 vs 1 thread | masked s/epoch (1 thread) | vs masked | CHTs round | round / managed epoch |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var p in paper)
        {
            var rounds = (IEnumerable<double>)p["round_ms"];
            sb.AppendLine(c, $"| {(double)p["density"]:P1} | {p["links_per_hidden_layer"]:N0} | {(double)p["managed_s_per_epoch"]:F2} / {(double)p["managed_2_threads_s_per_epoch"]:F2} | {(double)p["dense_s_per_epoch"]:F1} / {(double)p["dense_2_threads_s_per_epoch"]:F1} | **{(double)p["speedup_vs_dense_1_thread"]:F1}x** | **{(double)p["speedup_vs_dense_2_threads"]:F1}x** | {(double)p["managed_2_threads_speedup"]:F2}x | {(double)p["masked_s_per_epoch"]:F1} | {(double)p["speedup_vs_masked"]:F1}x | {SparseEngineBenchmark.Median(rounds):F0} ms | {(double)p["round_share_of_epoch"]:P1} |");
        }
        sb.AppendLine();
        sb.AppendLine("Each step's fraction of the machine's bound: useful FLOPs (2 per multiply-add; forward, link gradient and input gradient of every layer but the first's input gradient; dense counts every weight) per second over the FMA peak on the same thread count, and, for the managed step, the bytes of its per-link arrays (weight and column index read twice, link gradient written, optimizer's weight, gradient and momentum: 40 bytes per link) per second over the memory bandwidth.");
        sb.AppendLine();
        sb.AppendLine("| density | managed, 1 thread: % of FMA peak | managed, 2 threads | dense, 1 thread | dense, 2 threads | managed, 1 thread: % of bandwidth (link arrays) |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var p in paper)
            sb.AppendLine(c, $"| {(double)p["density"]:P1} | {(double)p["managed_fraction_of_fma_peak"]:P1} | {(double)p["managed_2_threads_fraction_of_fma_peak"]:P1} | {(double)p["dense_fraction_of_fma_peak"]:P1} | {(double)p["dense_2_threads_fraction_of_fma_peak"]:P1} | {(double)p["managed_fraction_of_bandwidth"]:P1} |");
        sb.AppendLine();
        sb.AppendLine("Targets (issue 25): the 1% epoch at least 50x faster than TorchSharp dense on the same thread count; 2 threads at least 1.7x faster than 1.");
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
