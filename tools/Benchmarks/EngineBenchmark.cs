// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.ML.Sparse.Samples.Datasets;
using Microsoft.ML.Sparse.Trainers;
using TorchSharp;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Torch;
using Microsoft.ML.Sparse.Engine.Torch.Layers;
using Microsoft.ML.Sparse.Engine.Torch.LinkPrediction;
using Microsoft.ML.Sparse.Engine.Torch.Optimization;
using Microsoft.ML.Sparse.Engine.Torch.Runtime;
using Microsoft.ML.Sparse.Engine.Torch.Topology;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// Cost of the CHTs engine next to training: one CH2-L3n scoring of a 1568×1568 layer at 1% density, one whole
/// topology round of the paper's 784-1568-1568-1568-10 MLP (3 sparse layers, CHTs defaults), and one training epoch
/// of that MLP on Fashion-MNIST at batch 32 (SGD momentum 0.9, weight decay 5e-4). Target: round &lt; 5% of an epoch.
/// Arguments: [--repeats N] (default 7) [--epoch-steps N] (time only N steps and scale to a full epoch; default: the
/// full epoch) [--device cpu|cuda].
/// </summary>
internal sealed class EngineBenchmark : IBenchmark
{
    private const int Hidden = 1568;
    private const int BatchSize = 32;
    private const double Density = 0.01;

    public string Name => "engine";

    public string Description => "CH2-L3n scoring and a CHTs topology round vs. one Fashion-MNIST MLP epoch (target < 5%)";

    public void Run(string outputDirectory, string[] args)
    {
        int repeats = IntArg(args, "--repeats", 7);
        int epochSteps = IntArg(args, "--epoch-steps", 0);
        TorchRuntime.EnsureLoaded();
        var device = StringArg(args, "--device", "cpu") == "cuda" ? TorchRuntime.ResolveDevice(SparseDevice.Cuda, allowCpuFallback: false) : CPU;
        random.manual_seed(0);

        Console.WriteLine($"device {device}, torch threads {get_num_threads()}");
        var scoring = TimeScoring(repeats, device);
        Console.WriteLine($"CH2-L3n 1568x1568 @1%: median {scoring.Median:F1} ms (min {scoring.Min:F1}, max {scoring.Max:F1})");
        var standaloneRound = TimeStandaloneRounds(repeats, device);
        Console.WriteLine($"CHTs round (3 sparse layers, fresh init): median {standaloneRound.Round.Median:F1} ms, link prediction {standaloneRound.Prediction.Median:F1} ms");
        var epoch = TimeEpoch(device, epochSteps);
        Console.WriteLine($"epoch: {epoch.EpochSeconds:F1} s ({epoch.StepsTimed} of {epoch.StepsPerEpoch} steps timed), round after the epoch: {epoch.RoundMs:F1} ms");

        double ratioStandalone = standaloneRound.Round.Median / 1000.0 / epoch.EpochSeconds;
        double ratioTrained = epoch.RoundMs / 1000.0 / epoch.EpochSeconds;
        var report = new Dictionary<string, object>
        {
            ["benchmark"] = Name,
            ["date_utc"] = DateTime.UtcNow.ToString("u"),
            ["machine"] = MachineInfo(device),
            ["settings"] = new Dictionary<string, object>
            {
                ["layers"] = "784-1568-1568-1568-10 (3 sparse hidden layers, dense head)",
                ["density"] = Density,
                ["method"] = "Chts defaults (BRF r=0.25 init, SWI, WM-soft removal, CH2-L3n soft regrowth, percolation)",
                ["batch_size"] = BatchSize,
                ["optimizer"] = "SGD lr 0.025 momentum 0.9 weight decay 5e-4",
                ["repeats"] = repeats,
            },
            ["ch2_l3n_scoring_ms"] = scoring.ToJson(),
            ["round_fresh_ms"] = standaloneRound.Round.ToJson(),
            ["round_fresh_link_prediction_ms"] = standaloneRound.Prediction.ToJson(),
            ["epoch"] = new Dictionary<string, object>
            {
                ["seconds"] = epoch.EpochSeconds,
                ["steps_per_epoch"] = epoch.StepsPerEpoch,
                ["steps_timed"] = epoch.StepsTimed,
                ["scaled_from_subset"] = epoch.StepsTimed < epoch.StepsPerEpoch,
                ["train_loss_last_100"] = epoch.Loss,
            },
            ["round_after_epoch_ms"] = epoch.RoundMs,
            ["round_after_epoch_link_prediction_ms"] = epoch.RoundPredictionMs,
            ["ratio_round_fresh_to_epoch"] = ratioStandalone,
            ["ratio_round_after_epoch_to_epoch"] = ratioTrained,
            ["target_ratio"] = 0.05,
            ["meets_target"] = Math.Max(ratioStandalone, ratioTrained) < 0.05,
        };
        File.WriteAllText(Path.Combine(outputDirectory, "engine-report.json"), JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
        File.WriteAllText(Path.Combine(outputDirectory, "engine-report.md"), Markdown(report, scoring, standaloneRound, epoch, ratioStandalone, ratioTrained));
        Console.WriteLine($"round / epoch = {ratioStandalone:P2} (fresh), {ratioTrained:P2} (after one epoch); report in {outputDirectory}");
    }

    private static Stats TimeScoring(int repeats, Device device)
    {
        using var generator = new Generator(1, device);
        using var mask = ErdosRenyiTopology.Create(Hidden, Hidden, TargetLinkCount.For(Hidden, Hidden, Density), device, generator);
        var times = new List<double>();
        for (int i = 0; i <= repeats; i++)
        {
            using var scope = NewDisposeScope();
            Sync(device);
            var watch = Stopwatch.StartNew();
            var scores = ChLinkPredictor.Score(mask, LinkPredictor.CH2L3n);
            Sync(device);
            if (i > 0)   // the first run warms up
                times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return new Stats(times);
    }

    private static (Stats Round, Stats Prediction) TimeStandaloneRounds(int repeats, Device device)
    {
        var layers = BuildMlp(device);
        var options = new SparseTopologyOptions { Density = Density, UpdateInterval = 1, UpdateIntervalUnit = UpdateIntervalUnit.Steps };
        using var scheduler = new SparseTopologyScheduler(Network(layers), options.ToEngine(), totalSteps: 1000, stepsPerEpoch: 100, seed: 1);
        scheduler.InitializeTopology();
        var rounds = new List<double>();
        var predictions = new List<double>();
        for (int i = 0; i <= repeats; i++)
        {
            scheduler.BeforeOptimizerStep();
            var stats = scheduler.AfterOptimizerStep() ?? throw new InvalidOperationException("a round was expected");
            if (i == 0)
                continue;
            rounds.Add(stats.RoundTime.TotalMilliseconds);
            predictions.Add(stats.LinkPredictionTime.TotalMilliseconds);
        }
        Dispose(layers);
        return (new Stats(rounds), new Stats(predictions));
    }

    private sealed record EpochResult(double EpochSeconds, long StepsPerEpoch, long StepsTimed, double RoundMs, double RoundPredictionMs, double Loss);

    private static EpochResult TimeEpoch(Device device, int stepsLimit)
    {
        var train = FashionMnist.Load(DatasetSplit.Train);
        int count = train.Count;
        using var x = tensor(train.Flatten(), new long[] { count, train.FeatureCount }).to(device);
        using var y = tensor(train.Labels.Select(l => (long)l).ToArray()).to(device);
        long stepsPerEpoch = count / BatchSize;
        long steps = stepsLimit > 0 ? Math.Min(stepsLimit, stepsPerEpoch) : stepsPerEpoch;

        var layers = BuildMlp(device);
        var options = new SparseTopologyOptions { Density = Density };   // a round after every epoch
        using var scheduler = new SparseTopologyScheduler(Network(layers), options.ToEngine(), totalSteps: 100 * stepsPerEpoch, stepsPerEpoch, seed: 2);
        scheduler.InitializeTopology();
        using var optimizer = SparseOptimizers.CreateSgd(layers.SelectMany(l => l.parameters()), 0.025, momentum: 0.9, weightDecay: 5e-4);
        scheduler.Attach(optimizer);
        using var order = randperm(count, generator: new Generator(3)).to(device);

        double roundMs = double.NaN, predictionMs = double.NaN, lossSum = 0;
        int lossCount = 0;
        var watch = Stopwatch.StartNew();
        double roundSeconds = 0;
        for (long step = 0; step < stepsPerEpoch; step++)
        {
            if (step == steps)
            {
                // Subset timing: bring the scheduler to the end of the epoch without training.
                watch.Stop();
                while (scheduler.Step < stepsPerEpoch - 1)
                    scheduler.AfterOptimizerStep();
                step = stepsPerEpoch - 1;
                watch.Start();
            }
            using var scope = NewDisposeScope();
            var index = order.narrow(0, step * BatchSize, BatchSize);
            var h = x.index_select(0, index);
            for (int i = 0; i < layers.Count; i++)
            {
                h = layers[i].forward(h);
                if (i + 1 < layers.Count)
                    h = nn.functional.relu(h);
            }
            var loss = nn.functional.cross_entropy(h, y.index_select(0, index));
            optimizer.zero_grad();
            loss.backward();
            var round = scheduler.StepOptimizer(optimizer);
            if (round != null)
            {
                roundMs = round.RoundTime.TotalMilliseconds;
                predictionMs = round.LinkPredictionTime.TotalMilliseconds;
                roundSeconds += round.RoundTime.TotalSeconds;
                Console.WriteLine($"  {round}");
                foreach (var l in round.Layers)
                    Console.WriteLine($"    {l}");
            }
            if (step >= steps - 100 && step < steps)
            {
                lossSum += loss.item<float>();
                lossCount++;
            }
        }
        Sync(device);
        double trainSeconds = watch.Elapsed.TotalSeconds - roundSeconds;
        long timedSteps = steps == stepsPerEpoch ? stepsPerEpoch : steps + 1;
        double epochSeconds = trainSeconds * stepsPerEpoch / timedSteps;
        Dispose(layers);
        return new EpochResult(epochSeconds, stepsPerEpoch, timedSteps, roundMs, predictionMs, lossSum / Math.Max(1, lossCount));
    }

    private static List<MaskedLinear> BuildMlp(Device device) => new()
    {
        new MaskedLinear("hidden1", 784, Hidden, device: device),
        new MaskedLinear("hidden2", Hidden, Hidden, device: device),
        new MaskedLinear("hidden3", Hidden, Hidden, device: device),
        new MaskedLinear("head", Hidden, 10, sparse: false, device: device),
    };

    private static MaskedLayerGraph Network(List<MaskedLinear> layers)
    {
        var network = new MaskedLayerGraph(layers);
        network.AddChain(layers[0], layers[1]);
        network.AddChain(layers[1], layers[2]);
        return network;
    }

    private static void Dispose(IEnumerable<MaskedLinear> layers)
    {
        foreach (var l in layers)
            l.Dispose();
    }

    private static void Sync(Device device)
    {
        if (device.type == DeviceType.CUDA)
            cuda.synchronize(device);
    }

    private static Dictionary<string, object> MachineInfo(Device device)
    {
        var machine = BenchmarkMachine.DescribeAtEnd();
        machine["device"] = device.ToString();
        return machine;
    }

    private static string Markdown(Dictionary<string, object> report, Stats scoring, (Stats Round, Stats Prediction) fresh, EpochResult epoch,
        double ratioFresh, double ratioTrained)
    {
        var machine = (Dictionary<string, object>)report["machine"];
        var sb = new StringBuilder();
        sb.AppendLine("# Engine benchmark: CHTs topology round vs. training epoch");
        sb.AppendLine();
        sb.AppendLine($"Date (UTC): {report["date_utc"]}  ");
        sb.AppendLine($"Machine: {machine["cpu"]}, {machine["logical_cores"]} logical cores, torch threads {machine["torch_threads"]}, {machine["os"]}, {machine["dotnet"]}, TorchSharp {machine["torchsharp"]}, device {machine["device"]}");
        sb.AppendLine($"Load average when the report was written: {machine["load_average_at_end"]} (the machine is shared; timings vary with other work).");
        sb.AppendLine();
        sb.AppendLine("Model: 784-1568-1568-1568-10 MLP, 3 sparse hidden layers at 1% density, dense head; CHTs defaults (BRF init, SWI, soft weight-magnitude removal, soft CH2-L3n regrowth, percolation); SGD lr 0.025, momentum 0.9, weight decay 5e-4; batch 32.");
        sb.AppendLine();
        sb.AppendLine("| measurement | median | min | max |");
        sb.AppendLine("|---|---|---|---|");
        sb.AppendLine($"| CH2-L3n scoring, one 1568×1568 layer at 1% (ms) | {scoring.Median:F1} | {scoring.Min:F1} | {scoring.Max:F1} |");
        sb.AppendLine($"| whole CHTs round, 3 sparse layers, fresh init (ms) | {fresh.Round.Median:F1} | {fresh.Round.Min:F1} | {fresh.Round.Max:F1} |");
        sb.AppendLine($"| of which link prediction (ms) | {fresh.Prediction.Median:F1} | {fresh.Prediction.Min:F1} | {fresh.Prediction.Max:F1} |");
        sb.AppendLine();
        string subset = epoch.StepsTimed < epoch.StepsPerEpoch ? $" (timed {epoch.StepsTimed} of {epoch.StepsPerEpoch} steps, scaled to the full epoch)" : " (full epoch timed)";
        sb.AppendLine($"Training epoch on Fashion-MNIST (60000 images, {epoch.StepsPerEpoch} steps of 32, masking included, round excluded): **{epoch.EpochSeconds:F1} s**{subset}; mean training loss over its last 100 timed steps {epoch.Loss:F3}.");
        sb.AppendLine();
        sb.AppendLine($"Round run by the scheduler at the end of that epoch (trained weights): {epoch.RoundMs:F1} ms, of which link prediction {epoch.RoundPredictionMs:F1} ms.");
        sb.AppendLine();
        sb.AppendLine("| ratio | value | target |");
        sb.AppendLine("|---|---|---|");
        sb.AppendLine($"| fresh round / epoch | {ratioFresh:P2} | < 5% |");
        sb.AppendLine($"| round after one epoch / epoch | {ratioTrained:P2} | < 5% |");
        sb.AppendLine();
        sb.AppendLine(Math.Max(ratioFresh, ratioTrained) < 0.05 ? "Target met." : "**Target NOT met.**");
        sb.AppendLine();
        sb.AppendLine("The fresh rounds run back to back right after initialisation, before any training in the process; the round after the epoch is the one a trainer " +
            $"actually sees. Link prediction took {fresh.Prediction.Median:F0} ms (fresh) vs {epoch.RoundPredictionMs:F0} ms (after the epoch), the rest of the round " +
            $"{fresh.Round.Median - fresh.Prediction.Median:F0} ms vs {epoch.RoundMs - epoch.RoundPredictionMs:F0} ms. On this machine the same element-wise operations " +
            "(e.g. counting candidate links) ran many times slower in the fresh loop than after the epoch, which points to the process's memory state (first-touch " +
            "allocation of multi-MB tensors) rather than to the algorithm; the cause was measured, not proven.");
        sb.AppendLine();
        sb.AppendLine("Reproduce: `dotnet run -c Release --project tools/Benchmarks -- engine --out bench` (add `--epoch-steps N` to time a subset of the epoch and scale it).");
        return sb.ToString();
    }

    private sealed class Stats
    {
        public Stats(IReadOnlyList<double> values)
        {
            var sorted = values.OrderBy(v => v).ToArray();
            Values = values.ToArray();
            Median = sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
            Min = sorted.FirstOrDefault(double.NaN);
            Max = sorted.LastOrDefault(double.NaN);
        }

        public double[] Values { get; }
        public double Median { get; }
        public double Min { get; }
        public double Max { get; }

        public Dictionary<string, object> ToJson() => new() { ["median"] = Median, ["min"] = Min, ["max"] = Max, ["runs"] = Values };
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out int v) ? v : fallback;
    }

    private static string StringArg(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
