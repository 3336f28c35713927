// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Csr;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// Where a managed training step spends its time: each kernel of one step of a 784-W-W-W-10 MLP (forward per layer,
/// loss, backward per layer, ReLU backward, optimizer), timed alone (best of N), next to the number of subnormal floats
/// in the activations, gradients, link gradients and moments after each of the first steps (subnormal arithmetic is slow on Intel cores).
/// Fashion-MNIST rows (standardised, shuffled), batch 32, CHTs initialisation. Writes nothing; prints one line per kernel.
/// Arguments: [--widths 1568,10000] [--densities 0.01,0.001] [--warm N] (300 training steps first) [--repeats N] (20)
/// [--threads N] (1: threads of the step and of every kernel).
/// </summary>
internal sealed class StepProfileBenchmark : IBenchmark
{
    public string Name => "step-profile";

    public string Description => "per-kernel time of one managed step and subnormal counts, by width and density -> bench/step-profile-report.md";

    private readonly List<string> _lines = new();
    private int _threads = 1;

    public void Run(string outputDirectory, string[] args)
    {
        var inv = CultureInfo.InvariantCulture;
        var widths = (Text(args, "--widths") ?? "1568,10000").Split(',').Select(int.Parse).ToArray();
        var densities = (Text(args, "--densities") ?? "0.01,0.001").Split(',').Select(s => double.Parse(s, inv)).ToArray();
        int warm = int.Parse(Text(args, "--warm") ?? "300", inv), repeats = int.Parse(Text(args, "--repeats") ?? "20", inv);
        _threads = int.Parse(Text(args, "--threads") ?? "1", inv);
        var data = SparseEngineBenchmark.LoadFashionMnist();
        var order = Enumerable.Range(0, data.Rows).Select(i => (long)i).ToArray();
        new SplitMixRandom(7).Shuffle(order.AsSpan());
        foreach (int width in widths)
            foreach (double density in densities)
                Profile(data, order, width, density, warm, repeats);
        var report = new System.Text.StringBuilder("# Where a managed training step spends its time\n\n");
        report.AppendLine(string.Create(inv, $"Written {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `dotnet Microsoft.ML.Sparse.Benchmarks.dll step-profile` on {BenchmarkMachine.CpuModel()} ({Environment.ProcessorCount} cores, load {BenchmarkMachine.LoadAverage()} at the end; the machine is shared, single numbers move by up to 2x). 784-W-W-W-10 MLP, CHTs initialisation, Fashion-MNIST batches of 32, SGD momentum 0.9; the whole step is the best of 5 blocks of 20 steps after {warm} steps, each kernel the best of {repeats} calls on the network's state after those steps."));
        report.AppendLine().AppendLine("```").AppendJoin("\n", _lines).AppendLine().AppendLine("```");
        File.WriteAllText(Path.Combine(outputDirectory, "step-profile-report.md"), report.ToString());
    }

    private void Profile(CsrRows data, long[] order, int width, double density, int warm, int repeats)
    {
        var (network, stepper) = SparseEngineRunners.Managed(data, new[] { width, width, width }, 10, density, _threads);
        var workers = network.Workers;
        long subnormal = 0;
        for (int s = 0; s < warm; s++)
        {
            SparseEngineRunners.TimeSteps(stepper, order, s, 1);
            subnormal += SubnormalsInNetwork(network);
        }
        string subnormals = string.Create(CultureInfo.InvariantCulture, $"  subnormal floats in activations, gradients, link gradients and moments after each of the first {warm} steps: {subnormal:N0} ({(double)subnormal / warm:F1} per step)");
        double step = Enumerable.Range(0, 5).Min(k => SparseEngineRunners.TimeSteps(stepper, order, warm + 20 * k, 20));
        var layers = network.Layers;
        int stride = FeatureMajorKernels.StrideFor(SparseEngineRunners.BatchSize);
        var acts = new float[layers.Count + 1][];
        acts[0] = new float[features(layers[0]) * stride];
        var src = data.Features;
        for (int b = 0; b < SparseEngineRunners.BatchSize; b++)
            for (int f = 0; f < layers[0].Columns; f++)
                acts[0][f * stride + b] = src[b * layers[0].Columns + f];
        var grads = new float[layers.Count][];
        for (int l = 0; l < layers.Count; l++)
        {
            acts[l + 1] = new float[layers[l].Rows * stride];
            grads[l] = new float[layers[l].Rows * stride];
        }
        Print(string.Create(CultureInfo.InvariantCulture, $"width {width} density {density:P2}, {_threads} thread(s): whole step {step:F3} ms"));
        Print(subnormals);
        for (int l = 0; l < layers.Count; l++)
        {
            int li = l;
            Report($"  forward  L{l} ({layers[l].LinkCount:N0} links)", repeats, () => FeatureMajorKernels.Forward(layers[li], acts[li], acts[li + 1], stride, relu: li + 1 < layers.Count, workers));
        }
        var classes = Enumerable.Range(0, stride).Select(b => b % 10).ToArray();
        Report("  loss", repeats, () => FeatureMajorLoss.Compute(MlpLoss.CrossEntropy, acts[^1], 10, stride, SparseEngineRunners.BatchSize, classes, default, grads[^1], 1f / 32, out _));
        for (int l = layers.Count - 1; l >= 0; l--)
        {
            int li = l;
            Report($"  backward L{l}", repeats, () => FeatureMajorKernels.Backward(layers[li], grads[li], acts[li], li == 0 ? Span<float>.Empty : grads[li - 1], stride, workers));
            if (l > 0)
                Report($"  relu-bwd L{l - 1}", repeats, () => FeatureMajorKernels.ReluBackward(grads[li - 1].AsSpan(), acts[li], workers));
        }
        var optimizer = new LinkOptimizer(SparseOptimizer.Sgd, 0.9, 5e-4, 0.9, 0.999, workers);
        Report("  optimizer", repeats, () => optimizer.Step(layers, 1e-9));
        stepper.Dispose();

        static int features(CsrTrainingLayer l) => l.Columns;
    }

    private void Report(string label, int repeats, Action action)
    {
        action();
        double best = double.MaxValue;
        for (int i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
        }
        Print(string.Create(CultureInfo.InvariantCulture, $"{label,-40} {best,9:F3} ms"));
    }

    /// <summary>Subnormal floats in the network's activation and gradient buffers (read by reflection) and link gradients.</summary>
    private static long SubnormalsInNetwork(CsrMlp network)
    {
        long count = 0;
        foreach (var name in new[] { "_activations", "_gradients" })
            foreach (var buffer in (float[][])typeof(CsrMlp).GetField(name, BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(network)!)
                count += CountSubnormal(buffer);
        foreach (var layer in network.Layers)
            count += CountSubnormal(layer.Gradients) + CountSubnormal(layer.Moment1 ?? Array.Empty<float>());
        return count;
    }

    private static long CountSubnormal(float[] values)
    {
        long count = 0;
        foreach (float v in values)
            if (float.IsSubnormal(v))
                count++;
        return count;
    }

    private void Print(string line)
    {
        Console.WriteLine(line);
        _lines.Add(line);
    }

    private static string? Text(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
