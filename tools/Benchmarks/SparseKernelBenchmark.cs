// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Networks.Transformer;
using Microsoft.ML.Sparse.Engine.Torch.Layers;
using Microsoft.ML.Sparse.Engine.Torch.Runtime;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// Sparse Transformer training cost: the masked dense product (what the Transformer trainers use) against the managed CSR
/// kernels in TorchSharp's autograd (<see cref="MaskedLinear.UseSparseKernels"/>), measured interleaved in one process.
/// Part 1: one projection, forward + backward, at the Transformer's shapes and wider ones. Part 2: whole training steps
/// of the Bible translation model (d_model 128, d_ff 512, 2+2 layers, vocabulary 4000, batch 32 x 48 tokens, Adam) for
/// dense, masked 10% / 5% and CSR 10% / 5%. Synthetic tokens: only the shapes matter for time.
/// Arguments: [--threads N] (TorchSharp threads, 1), [--repeats N] (7), [--steps N] (steps per timing, 5), [--dim N]
/// (d_model of part 2, 128; d_ff is 4x), [--models-only] (skip part 1). Writes sparse-kernel-report.md and .json
/// (sparse-kernel-report-d{dim}.md/.json for another d_model), [--force-csr] (part 2's "csr" models use the kernels in every
/// sparse layer instead of where MaskedLinear.SparseKernelsPay allows them, as training does).
/// </summary>
internal sealed class SparseKernelBenchmark : IBenchmark
{
    public string Name => "sparse-kernels";

    public string Description => "masked dense vs managed CSR kernels in TorchSharp autograd: projections and whole Transformer steps";

    private static readonly (int In, int Out)[] Shapes = { (128, 128), (128, 512), (512, 128), (512, 512), (1024, 1024), (2048, 2048) };
    private static readonly double[] Densities = { 0.1, 0.05, 0.01 };
    private const int Tokens = 32 * 48;

    public void Run(string outputDirectory, string[] args)
    {
        int threads = Int(args, "--threads", 1), repeats = Int(args, "--repeats", 7), steps = Int(args, "--steps", 5), dim = Int(args, "--dim", 128);
        bool modelsOnly = args.Contains("--models-only"), forceCsr = args.Contains("--force-csr");
        string file = dim == 128 ? "sparse-kernel-report" : $"sparse-kernel-report-d{dim}";
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(threads);
        random.manual_seed(1);
        var layers = new List<Dictionary<string, object>>();
        var md = new StringBuilder();
        md.AppendLine("# Sparse Transformer training: masked dense product vs managed CSR kernels").AppendLine();
        md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:u}; {BenchmarkMachine.CpuModel()}, {Environment.ProcessorCount} cores (shared), TorchSharp threads {threads}; median of {repeats} interleaved repeats. Load average: {BenchmarkMachine.LoadAverage()}."));
        if (!modelsOnly)
        {
            md.AppendLine().AppendLine("## One projection: forward + backward of y = x·(W⊙M)ᵀ + b over " + Tokens + " tokens").AppendLine();
            md.AppendLine("| in → out | density | masked dense ms | CSR kernels ms | speed-up |").AppendLine("|---|---:|---:|---:|---:|");
        }
        foreach (var (inputs, outputs) in modelsOnly ? Array.Empty<(int, int)>() : Shapes)
            foreach (double density in Densities)
            {
                var (masked, csr) = TimeLayer(inputs, outputs, density, repeats);
                layers.Add(new() { ["in"] = inputs, ["out"] = outputs, ["density"] = density, ["maskedMs"] = masked, ["csrMs"] = csr, ["speedup"] = masked / csr });
                md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {inputs} → {outputs} | {density:P0} | {masked:F2} | {csr:F2} | {masked / csr:F2}x |"));
                Console.WriteLine($"layer {inputs}->{outputs} at {density:P0}: masked {masked:F2} ms, csr {csr:F2} ms");
            }

        var models = TimeModels(repeats, steps, dim, forceCsr);
        md.AppendLine().AppendLine(dim == 128 ? "## Whole training steps of the Bible translation Transformer" : $"## Whole training steps of a d_model-{dim} translation Transformer").AppendLine();
        md.AppendLine($"d_model {dim}, d_ff {4 * dim}, {(dim >= 512 ? 8 : 4)} heads, 2+2 layers, shared vocabulary 4000, batch 32 × 48 source and target tokens, label-smoothed loss, Adam; the q/k/v/o and feed-forward projections are sparse, embeddings, attention scores and the generator dense. " + (forceCsr ? "\"csr\" rows use the CSR kernels in every sparse layer." : "\"csr\" rows let the steppers' rule choose per layer (MaskedLinear.SparseKernelsPay: at least 512 × 512 weights at ≤ 10% density), as training does.")).AppendLine();
        md.AppendLine("| model | ms / step | vs dense | vs masked at the same density |").AppendLine("|---|---:|---:|---:|");
        double dense = models["dense"];
        foreach (var (name, ms) in models)
        {
            string same = name.StartsWith("csr", StringComparison.Ordinal) ? string.Create(CultureInfo.InvariantCulture, $"{models["masked" + name[3..]] / ms:F2}x faster") : "";
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {ms:F0} | {dense / ms:F2}x | {same} |"));
        }
        md.AppendLine().AppendLine($"Reproduce: `dotnet tools/Benchmarks/bin/Release/net10.0/Microsoft.ML.Sparse.Benchmarks.dll sparse-kernels --out bench {string.Join(' ', args.Where(a => a != "--out"))}`.");
        File.WriteAllText(Path.Combine(outputDirectory, file + ".md"), md.ToString());
        File.WriteAllText(Path.Combine(outputDirectory, file + ".json"), JsonSerializer.Serialize(new { layers, models, threads, repeats, steps }, new JsonSerializerOptions { WriteIndented = true }));
        Console.Write(md);
    }

    private static (double Masked, double Csr) TimeLayer(int inputs, int outputs, double density, int repeats)
    {
        using var scope = NewDisposeScope();
        using var layer = new MaskedLinear("p", inputs, outputs);
        layer.SetMask(rand(outputs, inputs) < density);
        var x = randn(Tokens, inputs).requires_grad_(true);
        var upstream = randn(Tokens, outputs);
        double Once(bool sparse)
        {
            using var step = NewDisposeScope();
            layer.UseSparseKernels = sparse;
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < 3; i++)
            {
                layer.zero_grad();
                x.grad?.zero_();
                layer.forward(x).backward(new[] { upstream });
            }
            return watch.Elapsed.TotalMilliseconds / 3;
        }
        Once(false);
        Once(true);
        var masked = new List<double>();
        var csr = new List<double>();
        for (int r = 0; r < repeats; r++)
        {
            masked.Add(Once(false));
            csr.Add(Once(true));
        }
        return (Median(masked), Median(csr));
    }

    private static Dictionary<string, double> TimeModels(int repeats, int steps, int dim, bool forceCsr)
    {
        var architecture = new TransformerArchitecture
        {
            Task = TransformerTask.SequenceToSequence, ModelDim = dim, Heads = dim >= 512 ? 8 : 4, FeedForwardDim = 4 * dim, EncoderLayers = 2,
            DecoderLayers = 2, MaxLength = 64, SourceVocabularySize = 4000, TargetVocabularySize = 4000, ShareEmbeddings = true, PadId = 0,
        };
        var random = new Random(3);
        IReadOnlyList<IReadOnlyList<int>> Sequences() => Enumerable.Range(0, 32).Select(_ => (IReadOnlyList<int>)Enumerable.Range(0, 48).Select(_ => random.Next(4, 4000)).ToArray()).ToList();
        var configurations = new (string Name, double Density, bool Csr)[] { ("dense", 1, false), ("masked 10%", 0.1, false), ("csr 10%", 0.1, true), ("masked 5%", 0.05, false), ("csr 5%", 0.05, true) };
        var models = configurations.Select(c =>
        {
            var model = new Seq2SeqTransformer(architecture);
            if (c.Density < 1)
                foreach (var layer in model.SparseLinears)
                {
                    layer.SetMask(rand(layer.OutFeatures, layer.InFeatures) < c.Density);
                    layer.UseSparseKernels = c.Csr && (forceCsr || layer.SparseKernelsPay);
                }
            model.train();
            return (c.Name, Model: model, Optimizer: optim.Adam(model.parameters(), lr: 1e-4, beta1: 0.9, beta2: 0.998));
        }).ToList();
        var times = models.ToDictionary(m => m.Name, _ => new List<double>());
        for (int r = -1; r < repeats; r++)
            foreach (var (name, model, optimizer) in models)
            {
                var watch = Stopwatch.StartNew();
                for (int s = 0; s < steps; s++)
                {
                    using var scope = NewDisposeScope();
                    var source = TokenBatch.Pad(Sequences(), 0);
                    var (decoderInput, labels) = TokenBatch.ShiftForTeacherForcing(Sequences(), 0);
                    optimizer.zero_grad();
                    LabelSmoothedCrossEntropy.Compute(model.forward(source, decoderInput), labels, 0.1, 0).backward();
                    foreach (var layer in model.SparseLinears)
                        layer.MaskGradient();
                    optimizer.step();
                    foreach (var layer in model.SparseLinears)
                        layer.ApplyMask();
                }
                if (r >= 0)
                    times[name].Add(watch.Elapsed.TotalMilliseconds / steps);
            }
        foreach (var (_, model, optimizer) in models)
        {
            optimizer.Dispose();
            model.Dispose();
        }
        return times.ToDictionary(t => t.Key, t => Median(t.Value));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted[sorted.Length / 2];
    }

    private static int Int(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
