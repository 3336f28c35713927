// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>Markdown and JSON of <see cref="TransformerStepBenchmark"/>.</summary>
internal sealed class TransformerStepReport(int threads, int repeats, int steps, string loadAtStart, bool cpuTime)
{
    public List<TransformerStepRow> Steps { get; } = [];

    public List<TransformerCrossover> Crossovers { get; } = [];

    public void Write(string directory, string file, string arguments)
    {
        var md = new StringBuilder();
        md.AppendLine("# Sparse translation-Transformer training steps against density").AppendLine();
        md.AppendLine(F($"Written {DateTime.UtcNow:u} by `dotnet tools/Benchmarks/bin/Release/net10.0/Microsoft.ML.Sparse.Benchmarks.dll transformer-steps --out bench {arguments}` on {BenchmarkMachine.CpuModel()}, {Environment.ProcessorCount} cores shared with other jobs (load average {loadAtStart} at the start, {BenchmarkMachine.LoadAverage()} at the end), TorchSharp threads and kernel threads {threads}. Every configuration of one d_model is timed in turn within each repeat (interleaved), {steps} step(s) per timing, median of {repeats} repeats after one warm-up round. Times are {(cpuTime ? "the CPU time of the benchmark's thread (everything runs on it with one thread), so they count only the time it ran; caches shared with the other jobs still slow it" : "wall-clock times")}."));
        md.AppendLine().AppendLine("Model: 2+2 layers, d_ff = 4·d_model, 4 heads (8 at d_model 512), shared vocabulary 4000, batch 32 × 48 source and 49 target tokens, label-smoothed loss, Adam, dropout 0.1. q/k/v/o and feed-forward projections are sparse (random masks); embeddings, attention scores and the generator dense. Sparse rows use the CSR kernels in the layers where `MaskedLinear.SparseKernelsPay` picks them, as training does; \"masked dense\" uses the masked dense product everywhere.");
        md.AppendLine().AppendLine("## Whole steps").AppendLine();
        md.AppendLine("| d_model | model | CSR layers | ms / step | vs dense | multiply-adds vs dense | forward | backward | optimizer |");
        md.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in Steps)
        {
            double dense = Steps.First(s => s.Dim == r.Dim && s.Density >= 1).StepMs;
            md.AppendLine(F($"| {r.Dim} | {r.Name} | {r.CsrLayers}/{r.SparseLayers} | {r.StepMs:F0} | {dense / r.StepMs:F2}x | {r.MultiplyAddShare:P0} | {r.ForwardMs:F0} | {r.BackwardMs:F0} | {r.OptimizerMs:F0} |"));
        }
        md.AppendLine().AppendLine("## Where the time goes (ms, forward + backward, parts timed in isolation at the step's shapes)").AppendLine();
        md.AppendLine("\"other\" is the step minus the parts: layer norms, residual additions, dropout, positional encoding, autograd bookkeeping (and timing noise).").AppendLine();
        md.AppendLine("| d_model | model | sparse projections | of it CSR layout changes | of it CSR kernels | attention core | embeddings | generator + loss | optimizer | other |");
        md.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in Steps)
            md.AppendLine(F($"| {r.Dim} | {r.Name} | {r.ProjectionsMs:F0} | {r.LayoutMs:F0} | {r.KernelMs:F0} | {r.AttentionMs:F0} | {r.EmbeddingMs:F0} | {r.GeneratorMs:F0} | {r.OptimizerMs:F0} | {r.OtherMs:F0} |"));
        if (Crossovers.Count > 0)
        {
            md.AppendLine().AppendLine("## One projection: masked dense product against the CSR kernels (forward + backward, 1536 tokens)").AppendLine();
            md.AppendLine("| in → out | density | masked ms | CSR ms | CSR speed-up | rule picks CSR |").AppendLine("|---|---:|---:|---:|---:|---|");
            foreach (var c in Crossovers)
                md.AppendLine(F($"| {c.In} → {c.Out} | {c.Density:P0} | {c.MaskedMs:F2} | {c.CsrMs:F2} | {c.Speedup:F2}x | {(c.RulePicksCsr ? "yes" : "no")} |"));
        }
        File.WriteAllText(Path.Combine(directory, file + ".md"), md.ToString());
        var json = new
        {
            threads, repeats, steps, cpuTime, loadAtStart, loadAtEnd = BenchmarkMachine.LoadAverage(),
            stepsMs = Steps.Select(r => new
            {
                r.Dim, r.Name, r.Density, r.CsrLayers, r.SparseLayers, r.StepMs, r.ForwardMs, r.BackwardMs, r.OptimizerMs, r.ProjectionsMs, r.LayoutMs,
                r.KernelMs, r.AttentionMs, r.EmbeddingMs, r.GeneratorMs, r.OtherMs, r.MultiplyAddShare,
            }),
            crossovers = Crossovers.Select(c => new { c.In, c.Out, c.Density, c.MaskedMs, c.CsrMs, c.Speedup, c.RulePicksCsr }),
        };
        File.WriteAllText(Path.Combine(directory, file + ".json"), JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }));
        Console.Write(md);
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
