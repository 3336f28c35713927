// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using System.Text.Json;
using Microsoft.ML.Sparse.Engine.Managed;
using Microsoft.ML.Sparse.Engine.Runtime;
using Microsoft.ML.Sparse.Samples.Datasets;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// Truly sparse training: seconds per Fashion-MNIST epoch of the paper MLP (784-1568-1568-1568-10, batch 32, SGD) on
/// the managed CSR engine vs the TorchSharp masked path vs TorchSharp dense, measured in one process in interleaved
/// blocks, at 0.1%, 1% and 5%; the share of a CHTs topology round in a managed epoch; and width scaling (hidden 1568,
/// 4096, 10000 at 1% and 0.1%) with peak memory. Epoch times are steps/epoch × the median ms/step.
/// Arguments: [--blocks N] (3) [--steps N] managed steps per block (200) [--torch-steps N] (12) [--torch-threads N] (1)
/// [--widths 1568,4096,10000] [--width-steps N] (30) [--threads N] round threads (all cores).
/// </summary>
internal sealed class SparseEngineBenchmark : IBenchmark
{
    private static readonly double[] Densities = { 0.001, 0.01, 0.05 };

    public string Name => "sparse-engine";

    public string Description => "managed CSR engine vs TorchSharp masked vs dense: s/epoch, round share, width scaling (issue: truly sparse training)";

    public void Run(string outputDirectory, string[] args)
    {
        int blocks = Arg(args, "--blocks", 3), steps = Arg(args, "--steps", 200), torchSteps = Arg(args, "--torch-steps", 12);
        int torchThreads = Arg(args, "--torch-threads", 1), widthSteps = Arg(args, "--width-steps", 30), threads = Arg(args, "--threads", Environment.ProcessorCount);
        var widths = (ArgText(args, "--widths") ?? "1568,4096,10000").Split(',').Select(int.Parse).ToArray();
        var rows = LoadFashionMnist();
        long stepsPerEpoch = rows.Rows / SparseEngineRunners.BatchSize;
        var order = Enumerable.Range(0, rows.Rows).Select(i => (long)i).ToArray();
        new ManagedRandom(7).Shuffle(order.AsSpan());

        TorchRuntime.EnsureLoaded();
        TorchSharp.torch.set_num_threads(torchThreads);
        var paper = new List<Dictionary<string, object>>();
        foreach (double density in Densities)
            paper.Add(ComparePaperMlp(rows, order, density, blocks, steps, torchSteps, threads, stepsPerEpoch));
        var scaling = new List<Dictionary<string, object>>();
        foreach (int width in widths)
            foreach (double density in new[] { 0.01, 0.001 })
                scaling.Add(Scale(rows, order, width, density, widthSteps, threads, stepsPerEpoch));

        var report = new Dictionary<string, object>
        {
            ["benchmark"] = Name,
            ["date_utc"] = DateTime.UtcNow.ToString("u", CultureInfo.InvariantCulture),
            ["machine"] = BenchmarkMachine.Describe(),
            ["settings"] = new Dictionary<string, object>
            {
                ["data"] = $"Fashion-MNIST train, {rows.Rows} rows, global standardisation", ["batch_size"] = SparseEngineRunners.BatchSize,
                ["optimizer"] = "SGD lr 0.025, momentum 0.9, weight decay 5e-4", ["blocks"] = blocks, ["managed_steps_per_block"] = steps,
                ["torch_steps_per_block"] = torchSteps, ["torch_threads"] = torchThreads, ["managed_step_threads"] = 1, ["round_threads"] = threads,
            },
            ["paper_mlp"] = paper,
            ["width_scaling"] = scaling,
            ["machine_at_end"] = BenchmarkMachine.DescribeAtEnd(),
        };
        File.WriteAllText(Path.Combine(outputDirectory, "sparse-engine-report.json"), JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
        File.WriteAllText(Path.Combine(outputDirectory, "sparse-engine-report.md"), SparseEngineReport.Markdown(report, paper, scaling));
        Console.WriteLine($"report written to {outputDirectory}/sparse-engine-report.md");
    }

    private static Dictionary<string, object> ComparePaperMlp(ManagedRows rows, long[] order, double density, int blocks, int steps, int torchSteps,
        int threads, long stepsPerEpoch)
    {
        int[] hidden = { 1568, 1568, 1568 };
        var (network, managed) = SparseEngineRunners.Managed(rows, hidden, 10, density);
        var (maskedNet, maskedRows, masked) = SparseEngineRunners.Torch(rows, hidden, 10, SparseTrainingMethod.Chts, density);
        var (denseNet, denseRows, dense) = SparseEngineRunners.Torch(rows, hidden, 10, SparseTrainingMethod.Dense, 1);
        var m = new List<double>();
        var t = new List<double>();
        var d = new List<double>();
        SparseEngineRunners.TimeSteps(managed, order, 0, 20);   // warm-up (JIT, caches)
        SparseEngineRunners.TimeSteps(masked, order, 0, 2);
        SparseEngineRunners.TimeSteps(dense, order, 0, 2);
        for (int b = 0; b < blocks; b++)
        {
            m.Add(SparseEngineRunners.TimeSteps(managed, order, 100 + b * steps, steps));
            t.Add(SparseEngineRunners.TimeSteps(masked, order, 100 + b * torchSteps, torchSteps));
            d.Add(SparseEngineRunners.TimeSteps(dense, order, 100 + b * torchSteps, torchSteps));
            Console.WriteLine($"density {density:P1} block {b + 1}: managed {m[^1]:F3} ms/step, masked {t[^1]:F2}, dense {d[^1]:F2}");
        }
        var rounds = Enumerable.Range(0, 3).Select(i => SparseEngineRunners.TimeRound(network, threads, i)).ToList();
        foreach (var x in new IDisposable[] { masked, maskedNet, maskedRows, dense, denseNet, denseRows })
            x.Dispose();
        double managedMs = Median(m), maskedMs = Median(t), denseMs = Median(d), roundMs = Median(rounds.Select(r => r.RoundMs));
        double managedEpoch = managedMs * stepsPerEpoch / 1000;
        Console.WriteLine($"density {density:P1}: managed {managedEpoch:F1} s/epoch, {maskedMs / managedMs:F1}x vs masked, round {roundMs:F0} ms ({roundMs / 1000 / managedEpoch:P1} of an epoch)");
        return new Dictionary<string, object>
        {
            ["density"] = density,
            ["links_per_hidden_layer"] = network.Layers[1].LinkCount,
            ["managed_ms_per_step"] = m, ["masked_ms_per_step"] = t, ["dense_ms_per_step"] = d,
            ["managed_s_per_epoch"] = managedEpoch, ["masked_s_per_epoch"] = maskedMs * stepsPerEpoch / 1000, ["dense_s_per_epoch"] = denseMs * stepsPerEpoch / 1000,
            ["speedup_vs_masked"] = maskedMs / managedMs, ["speedup_vs_dense"] = denseMs / managedMs,
            ["round_ms"] = rounds.Select(r => r.RoundMs).ToList(), ["round_link_prediction_ms"] = rounds.Select(r => r.PredictionMs).ToList(),
            ["round_share_of_epoch"] = roundMs / 1000 / managedEpoch,
        };
    }

    private static Dictionary<string, object> Scale(ManagedRows rows, long[] order, int width, double density, int steps, int threads, long stepsPerEpoch)
    {
        GC.Collect();
        ProcessMemory.ResetPeak();
        var (network, managed) = SparseEngineRunners.Managed(rows, new[] { width, width, width }, 10, density);
        SparseEngineRunners.TimeSteps(managed, order, 0, 3);
        double ms = SparseEngineRunners.TimeSteps(managed, order, 10, steps);
        var round = SparseEngineRunners.TimeRound(network, threads, 1);
        double epoch = ms * stepsPerEpoch / 1000;
        long peak = ProcessMemory.PeakBytes();
        Console.WriteLine($"width {width} at {density:P1}: {ms:F2} ms/step, {epoch:F0} s/epoch, round {round.RoundMs:F0} ms, peak {peak / 1e9:F2} GB");
        return new Dictionary<string, object>
        {
            ["hidden"] = width, ["density"] = density, ["links_per_hidden_layer"] = network.Layers[1].LinkCount,
            ["managed_ms_per_step"] = ms, ["managed_s_per_epoch"] = epoch,
            ["round_ms"] = round.RoundMs, ["round_link_prediction_ms"] = round.PredictionMs, ["round_share_of_epoch"] = round.RoundMs / 1000 / epoch,
            ["peak_rss_bytes"] = peak,
        };
    }

    internal static ManagedRows LoadFashionMnist()
    {
        var train = FashionMnist.Load(DatasetSplit.Train);
        var features = train.Flatten();
        double mean = features.Average(v => (double)v), std = Math.Sqrt(features.Average(v => ((double)v - mean) * ((double)v - mean)));
        for (int i = 0; i < features.Length; i++)
            features[i] = (float)((features[i] - mean) / std);
        return new ManagedRows(features, train.Count, train.FeatureCount, train.Labels.ToArray(), null);
    }

    internal static double Median(IEnumerable<double> values)
    {
        var s = values.OrderBy(v => v).ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    private static int Arg(string[] args, string name, int fallback) => ArgText(args, name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    private static string? ArgText(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
