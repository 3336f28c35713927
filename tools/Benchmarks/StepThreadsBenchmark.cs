// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using System.Text;
using Microsoft.ML.Sparse.Engine.Csr;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// Managed training step on 1 thread against N threads: the same 784-W-W-W-10 MLP (CHTs initialisation, seed 1) built
/// once per thread count, trained on the same Fashion-MNIST batches in interleaved blocks (best block of each), and
/// after the last block the weights of all copies compared bit for bit.
/// Arguments: [--widths 1568,4096,10000] [--densities 0.01,0.001] [--threads 2] [--blocks 7] [--steps 20].
/// Writes DIR/step-threads-report.md.
/// </summary>
internal sealed class StepThreadsBenchmark : IBenchmark
{
    public string Name => "step-threads";

    public string Description => "managed step on 1 vs N threads, interleaved, with a bit-for-bit weight check -> bench/step-threads-report.md";

    public void Run(string outputDirectory, string[] args)
    {
        var inv = CultureInfo.InvariantCulture;
        var widths = (Text(args, "--widths") ?? "1568,4096,10000").Split(',').Select(int.Parse).ToArray();
        var densities = (Text(args, "--densities") ?? "0.01,0.001").Split(',').Select(s => double.Parse(s, inv)).ToArray();
        var threads = (Text(args, "--threads") ?? "2").Split(',').Select(int.Parse).Prepend(1).Distinct().ToArray();
        int blocks = int.Parse(Text(args, "--blocks") ?? "7", inv), steps = int.Parse(Text(args, "--steps") ?? "20", inv);
        var data = SparseEngineBenchmark.LoadFashionMnist();
        var order = Enumerable.Range(0, data.Rows).Select(i => (long)i).ToArray();
        new SplitMixRandom(7).Shuffle(order.AsSpan());
        var report = new StringBuilder("# Managed training step: one thread against several\n\n");
        report.AppendLine(string.Create(inv, $"Written {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `dotnet Microsoft.ML.Sparse.Benchmarks.dll step-threads` on {BenchmarkMachine.CpuModel()} ({Environment.ProcessorCount} cores; shared with other work, load at the end {BenchmarkMachine.LoadAverage()}). 784-W-W-W-10 MLP, CHTs initialisation, Fashion-MNIST batches of 32, SGD momentum 0.9 and weight decay; {blocks} interleaved blocks of {steps} steps per thread count after 20 warm-up steps, best block. `identical` compares every weight, bias and momentum of the copies after the same steps, bit for bit."));
        report.AppendLine().Append("| hidden | density | links |").AppendJoin("", threads.Select(t => $" {t} thread{(t > 1 ? "s" : "")} ms/step |")).Append(" speed-up |").AppendLine(" identical |");
        report.Append("|---:|---:|---:|").AppendJoin("", threads.Select(_ => "---:|")).AppendLine("---:|---|");
        foreach (int width in widths)
            foreach (double density in densities)
            {
                var runs = threads.Select(t => SparseEngineRunners.Managed(data, new[] { width, width, width }, 10, density, t)).ToArray();
                foreach (var (_, stepper) in runs)
                    SparseEngineRunners.TimeSteps(stepper, order, 0, 20);
                var best = threads.Select(_ => double.MaxValue).ToArray();
                for (int b = 0; b < blocks; b++)
                    for (int i = 0; i < runs.Length; i++)
                        best[i] = Math.Min(best[i], SparseEngineRunners.TimeSteps(runs[i].Stepper, order, 20 + b * steps, steps));
                bool identical = runs.Skip(1).All(r => Same(runs[0].Network, r.Network));
                long links = runs[0].Network.Layers.Sum(l => (long)l.LinkCount);
                string line = string.Create(inv, $"| {width} | {density:P1} | {links:N0} |{string.Concat(best.Select(ms => $" {ms:F3} |"))} {best[0] / best[^1]:F2}x | {(identical ? "yes" : "NO")} |");
                Console.WriteLine(line);
                report.AppendLine(line);
                foreach (var (_, stepper) in runs)
                    stepper.Dispose();
            }
        File.WriteAllText(Path.Combine(outputDirectory, "step-threads-report.md"), report.ToString());
    }

    private static bool Same(CsrMlp a, CsrMlp b) => a.Layers.Zip(b.Layers).All(p =>
        Bits(p.First.Values, p.Second.Values) && Bits(p.First.Bias, p.Second.Bias) && Bits(p.First.Moment1, p.Second.Moment1));

    private static bool Bits(float[]? a, float[]? b) =>
        a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b) && a.Select(BitConverter.SingleToInt32Bits).SequenceEqual(b.Select(BitConverter.SingleToInt32Bits));

    private static string? Text(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
