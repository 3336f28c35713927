// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.ML.Sparse.Engine.Core.Kernels;
using Microsoft.ML.Sparse.Engine.Core.LinkPrediction;
using Microsoft.ML.Sparse.Engine.Csr;
using Microsoft.ML.Sparse.Engine.Csr.Initialization;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// Cost of one link-prediction call on the managed engine, node-based CH2-L3n / CH3-L3n against path-based CH3-L3p /
/// CH2-L3p, on the paper MLP's sparse layers (784 → 1568 and 1568 → 1568) at 0.1% to 5% density, on two kinds of
/// pattern with the exact link count: Erdős–Rényi, and the bipartite receptive field (r = 0.25, the default initial
/// topology, local links). Every (pattern, predictor) is timed once per repeat and the
/// repeats are interleaved, so machine noise spreads over all rows; the tables give the fastest repeat (on a shared
/// machine other processes only add time), the JSON also the median. The per-round estimate of the paper MLP is one 784 → 1568 call plus
/// two 1568 → 1568 calls (its three sparse layers). Arguments: [--repeats N] (3), [--threads N] (all cores, as training),
/// [--densities 0.001,...,0.05], [--predictors CH2L3n,CH3L3n,CH3L3p,CH2L3p] (path-based prediction is slow above 5%).
/// Writes link-prediction-report.md and .json.
/// </summary>
internal sealed class LinkPredictionCostBenchmark : IBenchmark
{
    private static readonly (int Rows, int Columns)[] Shapes = { (1568, 784), (1568, 1568) };
    private static readonly double[] Densities = { 0.001, 0.0025, 0.005, 0.01, 0.02, 0.05 };
    private static readonly string[] Kinds = { "ER", "BRF" };
    private static readonly LinkPredictor[] Predictors = { LinkPredictor.CH2L3n, LinkPredictor.CH3L3n, LinkPredictor.CH3L3p, LinkPredictor.CH2L3p };

    public string Name => "link-prediction";

    public string Description => "node-based CH-L3n vs path-based CH-L3p link prediction per call and per paper-MLP round, 0.1-5% density";

    public void Run(string outputDirectory, string[] args)
    {
        int repeats = Int(args, "--repeats", 3), threads = Int(args, "--threads", Environment.ProcessorCount);
        var densities = Text(args, "--densities") is { } d ? d.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray() : Densities;
        var predictors = Text(args, "--predictors") is { } names ? names.Split(',').Select(Enum.Parse<LinkPredictor>).ToArray() : Predictors;
        var patterns = new Dictionary<(string, int, int, double), LinkPattern>();
        var random = new Random(27);
        foreach (string kind in Kinds)
            foreach (var (rows, columns) in Shapes)
                foreach (double density in densities)
                    patterns[(kind, rows, columns, density)] = kind == "ER"
                        ? ErdosRenyiPattern.Create(rows, columns, density, random)
                        : CsrBipartiteReceptiveField.Create(rows, columns, (long)Math.Round(density * rows * columns), 0.25, BrfDegreeDistribution.Fixed, new SplitMixRandom(27, 1));

        var times = new Dictionary<(string, int, int, double, LinkPredictor), List<double>>();
        var candidates = new Dictionary<(string, int, int, double, LinkPredictor), int>();
        foreach (var p in patterns.Values.Take(1))
            foreach (var predictor in predictors)
                Score(p, predictor, threads);   // JIT and thread-pool warm-up
        for (int repeat = 0; repeat < repeats; repeat++)
            foreach (var ((kind, rows, columns, density), pattern) in patterns)
                foreach (var predictor in predictors)
                {
                    var watch = Stopwatch.StartNew();
                    var scores = Score(pattern, predictor, threads);
                    double ms = watch.Elapsed.TotalMilliseconds;
                    var key = (kind, rows, columns, density, predictor);
                    if (!times.TryGetValue(key, out var list))
                        times[key] = list = new List<double>();
                    list.Add(ms);
                    candidates[key] = scores.Count;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"repeat {repeat + 1}: {kind} {columns}->{rows} {density:P2} {predictor}: {ms:F1} ms, {scores.Count:N0} candidates"));
                }

        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("# Link prediction cost: node-based CH-L3n vs path-based CH-L3p (managed engine)").AppendLine();
        md.AppendLine(string.Create(c, $"{DateTime.UtcNow:u}; {BenchmarkMachine.CpuModel()}, {Environment.ProcessorCount} cores (shared), {threads} scoring threads; fastest of {repeats} interleaved repeats (the JSON has the medians too). Load average at the end: {BenchmarkMachine.LoadAverage()}."));
        md.AppendLine("Patterns with the exact link count: ER = Erdős–Rényi (seed 27); BRF = bipartite receptive field, r = 0.25, fixed degrees (the default initial topology; its links are local, so it has fewer distinct two-hop pairs than ER at the same density and about as many length-3 paths). The node-based cost follows the distinct two-hop pairs, the path-based cost the length-3 paths (column *paths*). Topologies after training were not measured here.").AppendLine();
        md.AppendLine("## One call (ms)").AppendLine();
        bool ratio = predictors.Contains(LinkPredictor.CH2L3n) && predictors.Contains(LinkPredictor.CH3L3p);
        string Names() => string.Join(" | ", predictors.Select(Label)) + (ratio ? " | CH3-L3p / CH2-L3n" : "");
        string Rule() => string.Concat(Enumerable.Repeat("---:|", predictors.Length + (ratio ? 1 : 0)));
        md.AppendLine($"| pattern | layer (in → out) | density | links | length-3 paths | {Names()} |");
        md.AppendLine("|---|---|---:|---:|---:|" + Rule());
        var rowsJson = new List<Dictionary<string, object>>();
        foreach (var ((kind, rows, columns, density), pattern) in patterns)
        {
            double Fastest(LinkPredictor p) => times[(kind, rows, columns, density, p)].Min();
            double Median(LinkPredictor p) => MedianOf(times[(kind, rows, columns, density, p)]);
            long paths = PathCount(pattern);
            string cells = string.Join(" | ", predictors.Select(p => Fastest(p).ToString("F1", c)))
                + (ratio ? string.Create(c, $" | {Fastest(LinkPredictor.CH3L3p) / Fastest(LinkPredictor.CH2L3n):F1}x") : "");
            md.AppendLine(string.Create(c, $"| {kind} | {columns} → {rows} | {density:P2} | {pattern.LinkCount:N0} | {paths:N0} | {cells} |"));
            rowsJson.Add(new()
            {
                ["pattern"] = kind, ["in"] = columns, ["out"] = rows, ["density"] = density, ["links"] = pattern.LinkCount, ["paths"] = paths,
                ["minMs"] = predictors.ToDictionary(p => p.ToString(), p => Fastest(p)),
                ["medianMs"] = predictors.ToDictionary(p => p.ToString(), p => Median(p)),
                ["candidates"] = predictors.ToDictionary(p => p.ToString(), p => candidates[(kind, rows, columns, density, p)]),
            });
        }
        md.AppendLine().AppendLine("## Per topology round of the paper MLP (784-1568-1568-1568, three sparse layers; ms)").AppendLine();
        md.AppendLine($"| pattern | density | {Names()} |").AppendLine("|---|---:|" + Rule());
        foreach (string kind in Kinds)
            foreach (double density in densities)
            {
                double Round(LinkPredictor p) => times[(kind, 1568, 784, density, p)].Min() + 2 * times[(kind, 1568, 1568, density, p)].Min();
                string cells = string.Join(" | ", predictors.Select(p => Round(p).ToString("F1", c)))
                    + (ratio ? string.Create(c, $" | {Round(LinkPredictor.CH3L3p) / Round(LinkPredictor.CH2L3n):F1}x") : "");
                md.AppendLine(string.Create(c, $"| {kind} | {density:P2} | {cells} |"));
            }
        md.AppendLine().AppendLine($"Reproduce: `dotnet tools/Benchmarks/bin/Release/net10.0/Microsoft.ML.Sparse.Benchmarks.dll link-prediction --out bench {string.Join(' ', args)}`.");
        File.WriteAllText(Path.Combine(outputDirectory, "link-prediction-report.md"), md.ToString());
        File.WriteAllText(Path.Combine(outputDirectory, "link-prediction-report.json"),
            JsonSerializer.Serialize(new { repeats, threads, cpu = BenchmarkMachine.CpuModel(), rows = rowsJson }, new JsonSerializerOptions { WriteIndented = true }));
        Console.Write(md);
    }

    private static CandidateScores Score(LinkPattern pattern, LinkPredictor predictor, int threads) =>
        CsrPathChLinkPredictor.IsPathBased(predictor)
            ? CsrPathChLinkPredictor.Score(pattern, predictor, threads)
            : CsrChLinkPredictor.Score(pattern, predictor, threads);

    /// <summary>Length-3 paths u–a–b–v with b ≠ u, summed over the outputs u: the path-based predictor's work.</summary>
    private static long PathCount(LinkPattern pattern)
    {
        var (columnPointers, rowIndices) = pattern.Transpose();
        long total = 0;
        for (int u = 0; u < pattern.Rows; u++)
            for (int k = pattern.RowPointers[u]; k < pattern.RowPointers[u + 1]; k++)
            {
                int a = pattern.ColumnIndices[k];
                for (int t = columnPointers[a]; t < columnPointers[a + 1]; t++)
                    if (rowIndices[t] != u)
                        total += pattern.RowDegree(rowIndices[t]);
            }
        return total;
    }

    private static double MedianOf(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Label(LinkPredictor predictor) => predictor.ToString().Replace("L3", "-L3", StringComparison.Ordinal);

    private static string? Text(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int Int(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
