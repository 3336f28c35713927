// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.ML.Sparse.Engine.Core.Kernels;
using Microsoft.ML.Sparse.Engine.Core.LinkPrediction;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// Node-based CH2-L3n link prediction by its two routes, scatters over the sparse structure and dense products
/// (bit-identical results), on Erdős-Rényi layers of the paper MLP's and the tabular defaults' shapes from 1% to 50%
/// density: the measurement behind <c>CsrChLinkPredictor.DenseProductsFromDensity</c>. Interleaved repeats, fastest
/// kept. Arguments: [--repeats N] (3), [--threads N] (1), [--densities 0.01,...,0.5].
/// Writes link-prediction-routes-report.md and .json.
/// </summary>
internal sealed class LinkPredictionRoutesBenchmark : IBenchmark
{
    private static readonly (int Rows, int Columns)[] Shapes = { (128, 128), (256, 256), (512, 512), (1568, 784), (1568, 1568) };
    private static readonly double[] Densities = { 0.01, 0.02, 0.035, 0.05, 0.1, 0.25, 0.5 };

    public string Name => "link-prediction-routes";

    public string Description => "CH2-L3n by scatters vs dense products (bit-identical), 1-50% density -> link-prediction-routes-report.md";

    public void Run(string outputDirectory, string[] args)
    {
        int repeats = Int(args, "--repeats", 3), threads = Int(args, "--threads", 1);
        var densities = Text(args, "--densities") is { } d ? d.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray() : Densities;
        var random = new Random(27);
        var patterns = Shapes.SelectMany(s => densities.Select(density => (s.Rows, s.Columns, density, Pattern: ErdosRenyiPattern.Create(s.Rows, s.Columns, density, random)))).ToList();
        var times = patterns.ToDictionary(p => (p.Rows, p.Columns, p.density), _ => (Scatters: new List<double>(), Products: new List<double>()));
        CsrChLinkPredictor.Score(patterns[0].Pattern, LinkPredictor.CH2L3n, threads, denseProducts: false);   // JIT warm-up
        CsrChLinkPredictor.Score(patterns[0].Pattern, LinkPredictor.CH2L3n, threads, denseProducts: true);
        for (int repeat = 0; repeat < repeats; repeat++)
            foreach (var (rows, columns, density, pattern) in patterns)
            {
                var t = times[(rows, columns, density)];
                t.Scatters.Add(Time(pattern, threads, dense: false));
                t.Products.Add(Time(pattern, threads, dense: true));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"repeat {repeat + 1}: {columns}->{rows} {density:P1}: scatters {t.Scatters[^1]:F1} ms, products {t.Products[^1]:F1} ms"));
            }

        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder("# Node-based link prediction: scatters against dense products\n\n");
        md.AppendLine(string.Create(c, $"{DateTime.UtcNow:u}; {BenchmarkMachine.CpuModel()}, {Environment.ProcessorCount} cores (shared), {threads} scoring thread(s); CH2-L3n on Erdős–Rényi layers with the exact link count; fastest of {repeats} interleaved repeats. Load average at the end: {BenchmarkMachine.LoadAverage()}."));
        md.AppendLine("Both routes give the same candidates with bit-identical scores (tested); the library takes the dense products from " +
            string.Create(c, $"{CsrChLinkPredictor.DenseProductsFromDensity:P0} density.")).AppendLine();
        md.AppendLine("| layer (in → out) | density | links | scatters ms | dense products ms | products speed-up | automatic route |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---|");
        var json = new List<Dictionary<string, object>>();
        foreach (var (rows, columns, density, pattern) in patterns)
        {
            var (scatters, products) = times[(rows, columns, density)];
            double s = scatters.Min(), p = products.Min();
            string route = CsrChLinkPredictor.UsesDenseProducts(pattern) ? "products" : "scatters";
            md.AppendLine(string.Create(c, $"| {columns} → {rows} | {density:P1} | {pattern.LinkCount:N0} | {s:F2} | {p:F2} | {s / p:F2}x | {route} |"));
            json.Add(new() { ["in"] = columns, ["out"] = rows, ["density"] = density, ["links"] = pattern.LinkCount, ["scattersMs"] = scatters, ["productsMs"] = products, ["route"] = route });
        }
        md.AppendLine().AppendLine($"Reproduce: `dotnet tools/Benchmarks/bin/Release/net10.0/Microsoft.ML.Sparse.Benchmarks.dll link-prediction-routes --out bench {string.Join(' ', args)}`.");
        File.WriteAllText(Path.Combine(outputDirectory, "link-prediction-routes-report.md"), md.ToString());
        File.WriteAllText(Path.Combine(outputDirectory, "link-prediction-routes-report.json"),
            JsonSerializer.Serialize(new { repeats, threads, cpu = BenchmarkMachine.CpuModel(), rows = json }, new JsonSerializerOptions { WriteIndented = true }));
        Console.Write(md);
    }

    private static double Time(LinkPattern pattern, int threads, bool dense)
    {
        var watch = Stopwatch.StartNew();
        CsrChLinkPredictor.Score(pattern, LinkPredictor.CH2L3n, threads, dense);
        return watch.Elapsed.TotalMilliseconds;
    }

    private static string? Text(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int Int(string[] args, string name, int fallback) => Text(args, name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
