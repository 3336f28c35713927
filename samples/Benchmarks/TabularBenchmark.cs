// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML.Data;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// SparseMlp's data-derived defaults on small business-style tables the library was never tuned on (sklearn wine, breast
/// cancer, digits, diabetes; PROBEN1 thyroid and building from Debian's libfann-doc) against SparseMlp dense, CHTs at 10%
/// and 5%, LightGBM and SDCA defaults: accuracy or R², training time, zip size, single-row latency.
/// Usage: tabular [--tables wine,digits] [--seeds 1,2,3] [--out DIR] -> DIR/tabular-report.md and .json.
/// </summary>
internal sealed class TabularBenchmark : IBenchmark
{
    public string Name => "tabular";

    public string Description => "SparseMlp defaults vs dense, CHTs 10%/5%, LightGBM, SDCA on six small tables -> bench/tabular-report.md";

    public static readonly string[] Methods = { "SparseMlp defaults", "SparseMlp dense", "CHTs 10%", "CHTs 5%", "LightGbm", "SDCA" };

    public void Run(string outputDirectory, string[] args)
    {
        string? Arg(string name) { int i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
        var only = Arg("--tables")?.Split(',');
        var seeds = (Arg("--seeds") ?? "1").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var results = new List<TabularResult>();
        foreach (var table in TabularTable.All(only))
            foreach (string method in Methods)
                foreach (int seed in seeds)
                {
                    var r = RunOne(table, method, seed);
                    results.Add(r);
                    Console.WriteLine($"[tabular] {r.Table,-14} {r.Method,-20} seed {seed}: {(r.Error is null ? $"{r.Metric:F4}" : "FAILED " + r.Error)}, {r.TrainSeconds:F1} s");
                    Write(outputDirectory, results, seeds);
                }
        Write(outputDirectory, results, seeds);
    }

    /// <summary>Writes the report after every run, so a run stopped early still leaves its results.</summary>
    private static void Write(string outputDirectory, List<TabularResult> results, int[] seeds)
    {
        Directory.CreateDirectory(outputDirectory);
        File.WriteAllText(Path.Combine(outputDirectory, "tabular-report.json"), JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
        File.WriteAllText(Path.Combine(outputDirectory, "tabular-report.md"), TabularReport.Markdown(results, seeds));
        Console.WriteLine($"[tabular] wrote {Path.Combine(outputDirectory, "tabular-report.md")}");
    }

    private static TabularResult RunOne(TabularTable table, string method, int seed)
    {
        var ml = new MLContext(seed: seed);
        var schema = SchemaDefinition.Create(typeof(TabularRow));
        schema[nameof(TabularRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, table.FeatureCount);
        IDataView View(float[][] x, float[] y) => ml.Data.LoadFromEnumerable(x.Select((f, i) => new TabularRow { Features = f, Label = y[i] }).ToArray(), schema);
        var train = View(table.TrainX, table.TrainY);
        var test = View(table.TestX, table.TestY);
        try
        {
            var watch = Stopwatch.StartNew();
            ITransformer model = table.Regression ? Regressor(ml, method).Fit(train) : Classifier(ml, method).Fit(train);
            double seconds = watch.Elapsed.TotalSeconds;
            var scored = model.Transform(test);
            double metric = table.Regression ? ml.Regression.Evaluate(scored).RSquared : ml.MulticlassClassification.Evaluate(scored).MicroAccuracy;
            string zip = Path.Combine(Path.GetTempPath(), $"tabular-{Environment.ProcessId}.zip");
            ml.Model.Save(model, train.Schema, zip);
            long bytes = new FileInfo(zip).Length;
            File.Delete(zip);
            double latency = table.Regression
                ? Latency(ml.Model.CreatePredictionEngine<TabularRow, RegressionOut>(model, inputSchemaDefinition: schema), table.TestX)
                : Latency(ml.Model.CreatePredictionEngine<TabularRow, ClassOut>(model, inputSchemaDefinition: schema), table.TestX);
            return new TabularResult(table.Name, table.Regression ? "R2" : "accuracy", method, seed, metric, seconds, bytes, latency, null);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            return new TabularResult(table.Name, table.Regression ? "R2" : "accuracy", method, seed, double.NaN, 0, 0, 0, e.Message);
        }
    }

    private static IEstimator<ITransformer> Classifier(MLContext ml, string method)
    {
        var key = ml.Transforms.Conversion.MapValueToKey("Label");
        var t = ml.MulticlassClassification.Trainers;
        return method switch
        {
            "SparseMlp defaults" => key.Append(t.SparseMlp()),
            "SparseMlp dense" => key.Append(t.SparseMlp(density: 1.0, method: SparseTrainingMethod.Dense)),
            "CHTs 10%" => key.Append(t.SparseMlp(density: 0.10)),
            "CHTs 5%" => key.Append(t.SparseMlp(density: 0.05)),
            "LightGbm" => key.Append(t.LightGbm()),
            _ => key.Append(ml.Transforms.NormalizeMinMax("Features")).Append(t.SdcaMaximumEntropy()),
        };
    }

    private static IEstimator<ITransformer> Regressor(MLContext ml, string method)
    {
        var t = ml.Regression.Trainers;
        return method switch
        {
            "SparseMlp defaults" => t.SparseMlp(),
            "SparseMlp dense" => t.SparseMlp(density: 1.0, method: SparseTrainingMethod.Dense),
            "CHTs 10%" => t.SparseMlp(density: 0.10),
            "CHTs 5%" => t.SparseMlp(density: 0.05),
            "LightGbm" => t.LightGbm(),
            _ => ml.Transforms.NormalizeMinMax("Features").Append(t.Sdca()),
        };
    }

    /// <summary>Median microseconds of one PredictionEngine call over the test rows (after a warm-up pass).</summary>
    private static double Latency<TOut>(PredictionEngine<TabularRow, TOut> engine, float[][] rows) where TOut : class, new()
    {
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

/// <summary>Input row of the tabular benchmark (the vector size is set at run time).</summary>
internal sealed class TabularRow
{
    public float[] Features { get; set; } = Array.Empty<float>();
    public float Label { get; set; }
}

/// <summary>Multiclass prediction.</summary>
internal sealed class ClassOut
{
    public uint PredictedLabel { get; set; }
}

/// <summary>Regression prediction.</summary>
internal sealed class RegressionOut
{
    public float Score { get; set; }
}

/// <summary>One run of the tabular benchmark.</summary>
internal sealed record TabularResult(string Table, string MetricName, string Method, int Seed, double Metric, double TrainSeconds, long ZipBytes,
    double LatencyMicroseconds, string? Error);
