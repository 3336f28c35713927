// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core.Kernels;
using Microsoft.ML.Sparse.Engine.Torch.Layers;
using Microsoft.ML.Sparse.Engine.Torch.Runtime;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// Whole training steps of the translation Transformer against density (dense, 30, 10, 5%, and 5% with the masked dense
/// product for reference) at several d_model, interleaved in one process, with where the time goes
/// (<see cref="TransformerStepProfile"/>), and the masked-vs-CSR crossover of every projection shape of the model.
/// Arguments: [--dims 128,256,512] [--repeats 3] [--steps 1] [--threads 1] (TorchSharp threads and kernel workers)
/// [--no-crossover]. Writes transformer-step-report.md and .json.
/// </summary>
internal sealed class TransformerStepBenchmark : IBenchmark
{
    private static readonly double[] CrossoverDensities = { 0.5, 0.3, 0.2, 0.1, 0.05 };

    public string Name => "transformer-steps";

    public string Description => "translation Transformer training steps vs density at d_model 128/256/512, with a time breakdown";

    public void Run(string outputDirectory, string[] args)
    {
        var dims = Arg(args, "--dims", "128,256,512").Split(',').Select(d => int.Parse(d, CultureInfo.InvariantCulture)).ToArray();
        int repeats = int.Parse(Arg(args, "--repeats", "3"), CultureInfo.InvariantCulture);
        int steps = int.Parse(Arg(args, "--steps", "1"), CultureInfo.InvariantCulture);
        int threads = int.Parse(Arg(args, "--threads", "1"), CultureInfo.InvariantCulture);
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(threads);
        using var workers = threads > 1 ? new KernelWorkers(threads) : null;
        SparseLinearFunction.Workers = workers;
        TransformerStepModels.Now = threads == 1 && ThreadCpuClock.Available ? ThreadCpuClock.Nanoseconds : () => (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));
        SparseLinearFunction.Clock = TransformerStepModels.Now;
        var report = new TransformerStepReport(threads, repeats, steps, BenchmarkMachine.LoadAverage(), threads == 1 && ThreadCpuClock.Available);
        foreach (int dim in dims)
        {
            manual_seed(1);
            if (!args.Contains("--no-crossover"))
                foreach (var (inputs, outputs) in new[] { (dim, dim), (dim, 4 * dim), (4 * dim, dim) })
                    foreach (double density in CrossoverDensities)
                        report.Crossovers.Add(Crossover(inputs, outputs, density, repeats));
            report.Steps.AddRange(Steps(dim, repeats, steps));
            Console.WriteLine($"d_model {dim} done; load {BenchmarkMachine.LoadAverage()}");
        }
        SparseLinearFunction.Workers = null;
        SparseLinearFunction.Clock = Stopwatch.GetTimestamp;
        report.Write(outputDirectory, "transformer-step-report", string.Join(' ', args));
    }

    private static IEnumerable<TransformerStepRow> Steps(int dim, int repeats, int steps)
    {
        var configurations = new (string Name, double Density, bool Kernels, bool LinkOptimizer)[]
        {
            ("dense", 1, false, false), ("30%", 0.3, true, true), ("10%", 0.1, true, true), ("5%", 0.05, true, true),
            ("5% dense Adam", 0.05, true, false), ("5% masked dense", 0.05, false, true),
        };
        var models = configurations.Select(c => new TransformerStepModels(c.Name, dim, c.Density, c.Kernels, c.LinkOptimizer)).ToList();
        var rows = models.Select(m => new TransformerStepRow(dim, m.Name, m.Density, m.CsrLayers, m.Model.SparseLinears.Count)).ToList();
        var attention = new List<double>();
        var embeddings = new List<double>();
        var generators = new List<double>();
        for (int r = -1; r < repeats; r++)
        {
            for (int i = 0; i < models.Count; i++)
            {
                double forward = 0, backward = 0, optimizer = 0;
                for (int s = 0; s < steps; s++)
                {
                    var phases = models[i].Step();
                    forward += phases.Forward;
                    backward += phases.Backward;
                    optimizer += phases.Optimizer;
                }
                var projections = TransformerStepProfile.Projections(models[i]);
                if (r >= 0)
                    rows[i].Add(forward / steps, backward / steps, optimizer / steps, projections);
            }
            double a = TransformerStepProfile.Attention(dim);
            var (e, g) = TransformerStepProfile.Ends(dim);
            if (r >= 0)
            {
                attention.Add(a);
                embeddings.Add(e);
                generators.Add(g);
            }
            Console.WriteLine($"d_model {dim} repeat {r}: " + string.Join(", ", rows.Select(x => $"{x.Name} {x.LastStep:F0} ms")));
        }
        foreach (var row in rows)
            row.SetShared(attention, embeddings, generators);
        foreach (var m in models)
            m.Dispose();
        return rows;
    }

    private static TransformerCrossover Crossover(int inputs, int outputs, double density, int repeats)
    {
        using var scope = NewDisposeScope();
        using var layer = new MaskedLinear("p", inputs, outputs);
        layer.SetMask(rand(outputs, inputs) < density);
        var masked = new List<double>();
        var csr = new List<double>();
        for (int r = -1; r < repeats; r++)
        {
            layer.UseSparseKernels = false;
            double m = TransformerStepProfile.Projection(layer);
            layer.UseSparseKernels = true;
            double c = TransformerStepProfile.Projection(layer);
            if (r >= 0)
            {
                masked.Add(m);
                csr.Add(c);
            }
        }
        var result = new TransformerCrossover(inputs, outputs, density, TransformerStepRow.Median(masked), TransformerStepRow.Median(csr), layer.SparseKernelsPay);
        Console.WriteLine($"{inputs}->{outputs} at {density:P0}: masked {result.MaskedMs:F2} ms, csr {result.CsrMs:F2} ms, rule picks csr: {result.RulePicksCsr}");
        return result;
    }

    private static string Arg(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
