// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using System.Text;
using Microsoft.ML.Sparse.Mlp;
using Microsoft.ML.Sparse.Engine.Csr;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// Cost of one CHTs topology round against one training step on the managed engine (one thread, best of five), for
/// the networks the MLP defaults build (3 hidden layers of 128 to 1568 neurons at their automatic densities), next to
/// the estimate the automatic round interval uses (<see cref="TopologyRoundCost"/>).
/// Usage: round-cost [--out DIR] -> DIR/round-cost-report.md
/// </summary>
internal sealed class RoundCostBenchmark : IBenchmark
{
    public string Name => "round-cost";

    public string Description => "one topology round vs one step, measured and estimated -> bench/round-cost-report.md";

    public void Run(string outputDirectory, string[] args)
    {
        var cases = new (int F, int H, int C, double D)[]
        {
            (13, 128, 3, 0.25), (60, 128, 2, 0.25), (36, 256, 6, 0.125), (159, 256, 26, 0.125), (159, 512, 26, 0.0625), (784, 1568, 10, 0.0204),
        };
        var inv = CultureInfo.InvariantCulture;
        var report = new StringBuilder("# Topology round vs training step (managed engine, one thread)\n\n");
        report.AppendLine(string.Create(inv, $"Written {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `bash build/bench --round-cost`: 2,000 random rows, batch 32, CHTs round with the paper's settings (ζ 0.3, soft removal and regrowth), best of five; the estimate is `TopologyRoundCost.StepsPerRound`. The machine's other load moves single numbers by up to 2-4x."))
            .AppendLine().AppendLine("| network | density | links | step ms | round ms | link prediction ms | round / step | estimate |").AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (f, h, c, d) in cases)
        {
            var random = new Random(1);
            const int rows = 2000;
            var x = new float[rows * f];
            for (int i = 0; i < x.Length; i++) x[i] = (float)random.NextDouble();
            var y = new int[rows];
            for (int i = 0; i < rows; i++) y[i] = random.Next(c);
            var (network, stepper) = SparseEngineRunners.Managed(new CsrRows(x, rows, f, y, null), new[] { h, h, h }, c, d);
            var order = Enumerable.Range(0, rows).Select(i => (long)i).ToArray();
            SparseEngineRunners.TimeSteps(stepper, order, 0, 20);
            double step = Enumerable.Range(0, 5).Min(k => SparseEngineRunners.TimeSteps(stepper, order, 20 + 40 * k, 40));
            double round = double.MaxValue, prediction = double.MaxValue;
            for (int k = 0; k < 5; k++)
            {
                var (r, p) = SparseEngineRunners.TimeRound(network, 1, 2 + k);
                round = Math.Min(round, r);
                prediction = Math.Min(prediction, p);
            }
            double estimate = TopologyRoundCost.StepsPerRound(TopologyRoundCost.Layers(f, new[] { h, h, h }, c, d, sparseInput: true, sparseOutput: false), SparseEngineRunners.BatchSize);
            long links = network.Layers.Sum(l => (long)l.LinkCount);
            string line = string.Create(inv, $"| {f}-{h}-{h}-{h}-{c} | {d:P2} | {links:N0} | {step:F3} | {round:F2} | {prediction:F2} | {round / step:F0} | {estimate:F0} |");
            Console.WriteLine(line);
            report.AppendLine(line);
        }
        Directory.CreateDirectory(outputDirectory);
        File.WriteAllText(Path.Combine(outputDirectory, "round-cost-report.md"), report.ToString());
    }
}
