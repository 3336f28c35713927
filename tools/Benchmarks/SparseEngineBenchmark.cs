// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using System.Text.Json;
using Microsoft.ML.Sparse.Samples.Datasets;
using Microsoft.ML.Sparse.Engine.Core.Training;
using Microsoft.ML.Sparse.Engine.Csr;
using Microsoft.ML.Sparse.Engine.Torch.Runtime;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// Truly sparse training: seconds per Fashion-MNIST epoch of the paper MLP (784-1568-1568-1568-10, batch 32, SGD) on
/// the managed CSR engine on 1 and 2 threads vs TorchSharp dense on 1 and 2 threads vs the TorchSharp masked path (1
/// thread), measured in one process in interleaved blocks, at 0.1%, 1% and 5%, with each step's fraction of the
/// machine's FMA peak and memory bandwidth (<see cref="MachineBounds"/>, measured at the start); the share of a CHTs
/// topology round in a managed epoch; and width scaling (hidden 1568, 4096, 10000 at 1% and 0.1%) with peak memory.
/// Epoch times are steps/epoch × the median ms/step.
/// Arguments: [--blocks N] (3) [--steps N] managed steps per block (200) [--torch-steps N] (12)
/// [--widths 1568,4096,10000] (empty: no width scaling) [--width-steps N] (30) [--threads N] round threads (all cores)
/// [--densities 0.001,0.01,0.05] of the paper-MLP comparison.
/// </summary>
internal sealed class SparseEngineBenchmark : IBenchmark
{
    private static readonly double[] Densities = { 0.001, 0.01, 0.05 };

    public string Name => "sparse-engine";

    public string Description => "managed CSR engine (1 and 2 threads) vs TorchSharp dense (1 and 2 threads) and masked: s/epoch, fraction of the machine bound, round share, width scaling";

    public void Run(string outputDirectory, string[] args)
    {
        int blocks = Arg(args, "--blocks", 3), steps = Arg(args, "--steps", 200), torchSteps = Arg(args, "--torch-steps", 12);
        int widthSteps = Arg(args, "--width-steps", 30), threads = Arg(args, "--threads", Environment.ProcessorCount);
        var widths = (ArgText(args, "--widths") ?? "1568,4096,10000").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        var densities = ArgText(args, "--densities") is { } d
            ? d.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()
            : Densities;
        var rows = LoadFashionMnist();
        long stepsPerEpoch = rows.Rows / SparseEngineRunners.BatchSize;
        var order = Enumerable.Range(0, rows.Rows).Select(i => (long)i).ToArray();
        new SplitMixRandom(7).Shuffle(order.AsSpan());

        TorchRuntime.EnsureLoaded();
        TorchSharp.torch.set_num_threads(1);
        var paper = new List<Dictionary<string, object>>();
        var bounds = new Dictionary<string, double>
        {
            ["flops_1"] = MachineBounds.Flops(1), ["flops_2"] = MachineBounds.Flops(2), ["bandwidth_1"] = MachineBounds.Bandwidth(1), ["bandwidth_2"] = MachineBounds.Bandwidth(2),
        };
        Console.WriteLine($"machine: {bounds["flops_1"] / 1e9:F0} / {bounds["flops_2"] / 1e9:F0} GFLOP/s, {bounds["bandwidth_1"] / 1e9:F1} / {bounds["bandwidth_2"] / 1e9:F1} GB/s on 1 / 2 threads");
        foreach (double density in densities)
            paper.Add(ComparePaperMlp(rows, order, density, blocks, steps, torchSteps, threads, stepsPerEpoch, bounds));
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
                ["torch_steps_per_block"] = torchSteps, ["masked_torch_threads"] = 1, ["dense_torch_threads"] = "1 and 2", ["managed_step_threads"] = "1 and 2 (paper MLP), 1 (width scaling)", ["round_threads"] = threads,
            },
            ["machine_bounds"] = bounds,
            ["paper_mlp"] = paper,
            ["width_scaling"] = scaling,
            ["machine_at_end"] = BenchmarkMachine.DescribeAtEnd(),
        };
        File.WriteAllText(Path.Combine(outputDirectory, "sparse-engine-report.json"), JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
        File.WriteAllText(Path.Combine(outputDirectory, "sparse-engine-report.md"), SparseEngineReport.Markdown(report, paper, scaling));
        Console.WriteLine($"report written to {outputDirectory}/sparse-engine-report.md");
    }

    private static Dictionary<string, object> ComparePaperMlp(CsrRows rows, long[] order, double density, int blocks, int steps, int torchSteps,
        int threads, long stepsPerEpoch, Dictionary<string, double> bounds)
    {
        int[] hidden = { 1568, 1568, 1568 };
        var (network, managed) = SparseEngineRunners.Managed(rows, hidden, 10, density);
        var (_, managed2) = SparseEngineRunners.Managed(rows, hidden, 10, density, 2);
        var (maskedNet, maskedRows, masked) = SparseEngineRunners.Torch(rows, hidden, 10, SparseTrainingMethod.Chts, density);
        var (denseNet, denseRows, dense) = SparseEngineRunners.Torch(rows, hidden, 10, SparseTrainingMethod.Dense, 1);
        var times = new Dictionary<string, List<double>> { ["managed1"] = new(), ["managed2"] = new(), ["masked1"] = new(), ["dense1"] = new(), ["dense2"] = new() };
        double Time(string key, ITrainingStepper stepper, int torchThreads, int first, int count)
        {
            if (torchThreads > 0)
                TorchSharp.torch.set_num_threads(torchThreads);
            double ms = SparseEngineRunners.TimeSteps(stepper, order, first, count);
            if (key.Length > 0)
                times[key].Add(ms);
            return ms;
        }
        Time("", managed, 0, 0, 20);   // warm-up (JIT, caches)
        Time("", managed2, 0, 0, 20);
        Time("", masked, 1, 0, 2);
        Time("", dense, 1, 0, 2);
        Time("", dense, 2, 0, 2);
        for (int b = 0; b < blocks; b++)
        {
            Time("managed1", managed, 0, 100 + b * steps, steps);
            Time("managed2", managed2, 0, 100 + b * steps, steps);
            Time("masked1", masked, 1, 100 + b * torchSteps, torchSteps);
            Time("dense1", dense, 1, 100 + b * torchSteps, torchSteps);
            Time("dense2", dense, 2, 100 + b * torchSteps, torchSteps);
            Console.WriteLine(string.Join(", ", times.Select(t => $"{t.Key} {t.Value[^1]:F3}")) + $" ms/step (density {density:P1}, block {b + 1})");
        }
        TorchSharp.torch.set_num_threads(1);
        var rounds = Enumerable.Range(0, 3).Select(i => SparseEngineRunners.TimeRound(network, threads, i)).ToList();
        foreach (var x in new IDisposable[] { masked, maskedNet, maskedRows, dense, denseNet, denseRows, managed, managed2 })
            x.Dispose();
        var ms = times.ToDictionary(t => t.Key, t => Median(t.Value));
        double roundMs = Median(rounds.Select(r => r.RoundMs)), managedEpoch = ms["managed1"] * stepsPerEpoch / 1000;
        long links = network.Layers.Sum(l => (long)l.LinkCount), weights = network.Layers.Sum(l => (long)l.Rows * l.Columns);
        double FlopsPerStep(long perLayerSum, long firstLayer) => 2.0 * SparseEngineRunners.BatchSize * (3 * perLayerSum - firstLayer);
        double sparseFlops = FlopsPerStep(links, network.Layers[0].LinkCount), denseFlops = FlopsPerStep(weights, (long)network.Layers[0].Rows * network.Layers[0].Columns);
        double Peak(string key, double flops, int t) => flops / (ms[key] / 1000) / bounds[$"flops_{t}"];
        Console.WriteLine($"density {density:P1}: managed {managedEpoch:F1} s/epoch, {ms["dense1"] / ms["managed1"]:F1}x vs dense (1 thread), {ms["dense2"] / ms["managed2"]:F1}x (2 threads), round {roundMs:F0} ms");
        return new Dictionary<string, object>
        {
            ["density"] = density,
            ["links_per_hidden_layer"] = network.Layers[1].LinkCount,
            ["ms_per_step"] = times,
            ["median_ms_per_step"] = ms,
            ["managed_s_per_epoch"] = managedEpoch, ["managed_2_threads_s_per_epoch"] = ms["managed2"] * stepsPerEpoch / 1000,
            ["masked_s_per_epoch"] = ms["masked1"] * stepsPerEpoch / 1000,
            ["dense_s_per_epoch"] = ms["dense1"] * stepsPerEpoch / 1000, ["dense_2_threads_s_per_epoch"] = ms["dense2"] * stepsPerEpoch / 1000,
            ["speedup_vs_dense_1_thread"] = ms["dense1"] / ms["managed1"], ["speedup_vs_dense_2_threads"] = ms["dense2"] / ms["managed2"],
            ["speedup_vs_masked"] = ms["masked1"] / ms["managed1"], ["managed_2_threads_speedup"] = ms["managed1"] / ms["managed2"],
            ["managed_fraction_of_fma_peak"] = Peak("managed1", sparseFlops, 1), ["managed_2_threads_fraction_of_fma_peak"] = Peak("managed2", sparseFlops, 2),
            ["dense_fraction_of_fma_peak"] = Peak("dense1", denseFlops, 1), ["dense_2_threads_fraction_of_fma_peak"] = Peak("dense2", denseFlops, 2),
            ["managed_fraction_of_bandwidth"] = LinkArrayBytes * links / (ms["managed1"] / 1000) / bounds["bandwidth_1"],
            ["round_ms"] = rounds.Select(r => r.RoundMs).ToList(), ["round_link_prediction_ms"] = rounds.Select(r => r.PredictionMs).ToList(),
            ["round_share_of_epoch"] = roundMs / 1000 / managedEpoch,
        };
    }

    private static Dictionary<string, object> Scale(CsrRows rows, long[] order, int width, double density, int steps, int threads, long stepsPerEpoch)
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

    internal static CsrRows LoadFashionMnist()
    {
        var train = FashionMnist.Load(DatasetSplit.Train);
        var features = train.Flatten();
        double mean = features.Average(v => (double)v), std = Math.Sqrt(features.Average(v => ((double)v - mean) * ((double)v - mean)));
        for (int i = 0; i < features.Length; i++)
            features[i] = (float)((features[i] - mean) / std);
        return new CsrRows(features, train.Count, train.FeatureCount, train.Labels.ToArray(), null);
    }

    /// <summary>Bytes of the per-link arrays a step reads and writes: weight and column index in the forward and backward passes, the link gradient, and the optimizer's weight, gradient and momentum.</summary>
    internal const double LinkArrayBytes = 40;

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
