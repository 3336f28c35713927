// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// The broad tabular benchmark (<see cref="TabularTable"/>: 23 tables from sklearn, PROBEN1, Weka's and R mlbench's UCI
/// examples, all installed offline by build/setup): SparseMlp defaults against the same API's dense MLP, CHTs at 10%,
/// LightGbm and SDCA defaults, per table and seed, interleaved, after one unrecorded warm-up fit of each method. Results
/// are merged into DIR/tabular-report.json by (table, method, seed), so a run of some methods or tables keeps the others'
/// stored results.
/// Usage: tabular [--shapes] [--tables wine,letter] [--methods "SparseMlp defaults,LightGbm"] [--seeds 1,2,3] [--out DIR]
/// (default seeds: 1-3, and 1-6 for tables under 1,000 rows)
/// </summary>
internal sealed class TabularBenchmark : IBenchmark
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string Name => "tabular";

    public string Description => "SparseMlp defaults vs dense MLP, CHTs 10%, LightGbm, SDCA on 23 tables -> bench/tabular-report.md";

    public void Run(string outputDirectory, string[] args)
    {
        string? Arg(string name) { int i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
        var tables = Arg("--tables")?.Split(',') ?? TabularTable.Names.ToArray();
        var methods = Arg("--methods")?.Split(',') ?? TabularPipelines.Methods;
        var given = Arg("--seeds")?.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        if (args.Contains("--shapes"))
        {
            foreach (string name in tables)
            {
                var t = TabularTable.Load(name, 1);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{t.Name,-13} {t.Source,-8} train {t.TrainX.Length,6} test {t.TestX.Length,6} features {t.FeatureCount,4} {(t.Regression ? "regression" : $"{t.Classes} classes, largest {t.TrainY.GroupBy(y => y).Max(g => g.Count()) / (double)t.TrainY.Length:P0}")}"));
            }
            return;
        }
        string json = Path.Combine(outputDirectory, "tabular-report.json");
        var results = File.Exists(json) ? JsonSerializer.Deserialize<List<TabularResult>>(File.ReadAllText(json), JsonOptions)! : new List<TabularResult>();
        string commit = Environment.GetEnvironmentVariable("MLSPARSE_COMMIT") ?? "unknown";
        WarmUp(TabularTable.Load("wine", 1), methods);
        foreach (string name in tables)
            foreach (int seed in given ?? SeedsFor(TabularTable.Load(name, 1)))
            {
                var table = TabularTable.Load(name, seed);
                foreach (string method in methods)
                {
                    var r = RunOne(table, method, seed) with { Commit = commit };
                    results.RemoveAll(o => o.Table == r.Table && o.Method == r.Method && o.Seed == r.Seed);
                    results.Add(r);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"[tabular] {r.Table,-13} {r.Method,-19} seed {seed}: {(r.Error is null ? $"{r.Metric:F4} (log-loss {r.LogLoss:F3})" : "FAILED " + r.Error)}, {r.TrainSeconds:F1} s{Chosen(r)}"));
                    Write(outputDirectory, results);
                }
            }
    }

    /// <summary>
    /// Fits every method once on wine (the smallest multi-class table) before anything is measured, so the process's one-time JIT compilation
    /// (about 50 ms for the first topology round alone) is in no table's fit time or round share.
    /// </summary>
    private static void WarmUp(TabularTable table, string[] methods)
    {
        foreach (string method in methods)
            RunOne(table, method, seed: 1);
    }

    /// <summary>
    /// Three seeds, six for tables under 1,000 rows: their test sets hold a few dozen to 250 rows, where one row moves
    /// accuracy by 0.4-2.6 points, so three splits cannot tell a one-point gap from noise.
    /// </summary>
    private static int[] SeedsFor(TabularTable table) => table.Rows < 1000 ? new[] { 1, 2, 3, 4, 5, 6 } : new[] { 1, 2, 3 };

    private static string Chosen(TabularResult r) => r.SparseLayerDensity is null ? "" : string.Create(CultureInfo.InvariantCulture,
        $" [density {r.SparseLayerDensity:G3}, {r.Hidden}, epochs {r.EpochsRun} kept {r.KeptEpoch}, holdout {r.HoldoutRows}, {r.Encoding}, {r.Standardization}, rounds {r.TopologyShare:P0}{(r.Warnings > 0 ? $", {r.Warnings} warnings" : "")}]");

    /// <summary>Writes the report after every run, so a run stopped early still leaves its results.</summary>
    private static void Write(string outputDirectory, List<TabularResult> results)
    {
        Directory.CreateDirectory(outputDirectory);
        var order = TabularTable.Names.ToList();
        var sorted = results.OrderBy(r => order.IndexOf(r.Table)).ThenBy(r => Array.IndexOf(TabularPipelines.Methods, r.Method)).ThenBy(r => r.Seed).ToList();
        File.WriteAllText(Path.Combine(outputDirectory, "tabular-report.json"), JsonSerializer.Serialize(sorted, JsonOptions));
        File.WriteAllText(Path.Combine(outputDirectory, "tabular-report.md"), TabularReport.Markdown(sorted));
    }

    private static TabularResult RunOne(TabularTable table, string method, int seed)
    {
        var ml = new MLContext(seed: seed);
        var warnings = new List<string>();
        ml.Log += (_, e) =>
        {
            if (e.Kind == ChannelMessageKind.Warning && TabularPipelines.IsSparseMlp(method))
                warnings.Add(e.RawMessage);
        };
        var schema = SchemaDefinition.Create(typeof(TabularRow));
        schema[nameof(TabularRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, table.FeatureCount);
        IDataView View(float[][] x, float[] y) => ml.Data.LoadFromEnumerable(x.Select((f, i) => new TabularRow { Features = f, Label = y[i], Positive = y[i] > 0.5f }).ToArray(), schema);
        var train = View(table.TrainX, table.TrainY);
        var test = View(table.TestX, table.TestY);
        string metricName = table.Regression ? "R2" : "accuracy";
        var result = new TabularResult(table.Name, metricName, method, seed, double.NaN, double.NaN, 0, 0, 0, null)
            { Rows = table.Rows, Features = table.FeatureCount, Classes = table.Classes };
        try
        {
            var watch = Stopwatch.StartNew();
            ITransformer model = TabularPipelines.For(ml, table, method).Fit(train);
            double seconds = watch.Elapsed.TotalSeconds;
            var scored = model.Transform(test);
            var (metric, logLoss) = Evaluate(ml, table, scored);
            string zip = Path.Combine(Path.GetTempPath(), $"tabular-{Environment.ProcessId}.zip");
            ml.Model.Save(model, train.Schema, zip);
            long bytes = new FileInfo(zip).Length;
            File.Delete(zip);
            double latency = table.Regression ? Latency<RegressionOut>(ml, model, schema, table.TestX)
                : table.Classes == 2 ? Latency<BinaryOut>(ml, model, schema, table.TestX) : Latency<ClassOut>(ml, model, schema, table.TestX);
            result = result with { Metric = metric, LogLoss = logLoss, TrainSeconds = seconds, ZipBytes = bytes, LatencyMicroseconds = latency };
            if (SparseTrainingSummary.Of(model) is { } s)
                result = result with
                {
                    SparseLayerDensity = s.SparseLayerDensity, Hidden = s.HiddenLayerSizes is null ? null : string.Join("-", s.HiddenLayerSizes),
                    EpochsRun = s.Epochs.Count, KeptEpoch = s.KeptEpoch, HoldoutRows = s.HoldoutRows, Encoding = s.FeatureEncoding?.ToString(),
                    Standardization = s.FeatureStandardization?.ToString(), TopologyShare = s.TopologyTimeFraction,
                };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A failed fit is a result of the benchmark (reported per method), not the end of the run: libtorch once threw
            // an ExternalException from Adam.step after 500 s of dense training on shuttle.
            result = result with { Error = $"{e.GetType().Name}: {e.Message.Split('\n')[0]}" };
        }
        return result with { Warnings = warnings.Count, WarningText = warnings.Count == 0 ? null : string.Join(" | ", warnings.Distinct()) };
    }

    private static (double Metric, double LogLoss) Evaluate(MLContext ml, TabularTable table, IDataView scored)
    {
        if (table.Regression)
            return (ml.Regression.Evaluate(scored).RSquared, double.NaN);
        if (table.Classes == 2)
        {
            var b = ml.BinaryClassification.Evaluate(scored, labelColumnName: "Positive");
            return (b.Accuracy, b.LogLoss);
        }
        var m = ml.MulticlassClassification.Evaluate(scored);
        return (m.MicroAccuracy, m.LogLoss);
    }

    /// <summary>Median microseconds of one PredictionEngine call over up to 500 test rows (after a warm-up pass).</summary>
    private static double Latency<TOut>(MLContext ml, ITransformer model, SchemaDefinition schema, float[][] rows) where TOut : class, new()
    {
        var engine = ml.Model.CreatePredictionEngine<TabularRow, TOut>(model, inputSchemaDefinition: schema);
        var row = new TabularRow();
        var output = new TOut();
        var times = new List<double>();
        for (int pass = 0; pass < 2; pass++)
            foreach (var x in rows.Take(500))
            {
                row.Features = x;
                long start = Stopwatch.GetTimestamp();
                engine.Predict(row, ref output);
                if (pass == 1) times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds * 1000);
            }
        times.Sort();
        return times[times.Count / 2];
    }
}
