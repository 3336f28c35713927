// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Comparison;
using Microsoft.ML.Sparse.Samples.Datasets;
using Microsoft.ML.Trainers.LightGbm;
using Microsoft.ML.Sparse.Engine.Torch;
using Microsoft.ML.Sparse.Engine.Torch.Runtime;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// The sparse-vs-dense MLP benchmark behind bench/report.md (run it with <c>bash build/bench</c>): on Fashion-MNIST and
/// MNIST it trains the paper's 784-1568-1568-1568-10 MLP with Dense, Static, SET, RigL, CHTs and CHTss at 1% density
/// under one training budget (<see cref="MlpBenchmarkSettings"/>), plus ML.NET's SDCA and LightGBM as reference rows,
/// through <see cref="SparseComparison"/> (ML.NET evaluators, training time, zip size), and adds: seconds per epoch and
/// the share of topology rounds (the trainers' summaries), peak resident memory per run, and single-row
/// PredictionEngine latency and batch throughput of all trained models measured in interleaved rounds
/// (<see cref="ScoringBenchmark.Measure"/>). Checks the issue-4 targets on Fashion-MNIST.
/// </summary>
internal sealed class MlpBenchmark : IBenchmark
{
    private const int BatchScoringRows = 1000;

    public string Name => "mlp";

    public string Description => "Dense/Static/SET/RigL/CHTs/CHTss MLPs at 1% on Fashion-MNIST and MNIST: accuracy vs dense, epoch time, topology share, latency, zip, memory";

    public string Usage => MlpBenchmarkSettings.Usage;

    public void Run(string outputDirectory, string[] args)
    {
        var settings = MlpBenchmarkSettings.Parse(args);
        Console.WriteLine($"mlp benchmark, preset {settings.Preset}: {settings.Epochs} epochs, batch {settings.BatchSize}, density {settings.Density:P1}, " +
            $"methods {string.Join(",", settings.Methods.Select(ComparisonCandidates.MethodName))}, references {(settings.References.Count == 0 ? "none" : string.Join(",", settings.References))}, " +
            $"datasets {string.Join(",", settings.Datasets)}, seeds {string.Join(",", settings.Seeds)}");
        Console.WriteLine($"estimated sparse-MLP training time on a 2-core CPU: {settings.EstimatedTrainingTime().TotalHours:F1} h (≈{MlpBenchmarkSettings.EstimatedSecondsPerEpoch:F0} s per 60,000-row epoch)");
        if (settings.DryRun)
            return;

        TorchRuntime.EnsureLoaded();
        if (settings.TorchThreads is { } threads)
            TorchSharp.torch.set_num_threads(threads);
        string loadAtStart = BenchmarkMachine.LoadAverage();
        var started = DateTime.UtcNow;
        var watch = Stopwatch.StartNew();
        string models = Path.Combine(Path.GetTempPath(), "mlsparse-bench-models-" + Guid.NewGuid().ToString("N"));
        var results = new List<MlpDatasetResult>();
        try
        {
            foreach (string dataset in settings.Datasets)
                results.Add(RunDataset(dataset, settings, Path.Combine(models, dataset)));
        }
        finally
        {
            if (Directory.Exists(models))
                Directory.Delete(models, recursive: true);
        }
        var report = new MlpBenchmarkReport(settings, BenchmarkMachine.Describe(), started, watch.Elapsed, loadAtStart, BenchmarkMachine.LoadAverage(), results);
        report.Write(outputDirectory);
        Console.WriteLine(report.TargetSummary());
        Console.WriteLine($"report written to {Path.Combine(outputDirectory, "report.md")} in {watch.Elapsed.TotalMinutes:F1} min");
    }

    private static MlpDatasetResult RunDataset(string dataset, MlpBenchmarkSettings settings, string modelDirectory)
    {
        var watch = Stopwatch.StartNew();
        var ml = new MLContext(seed: 1);
        var (train, test) = dataset == "mnist"
            ? (Mnist.Load(DatasetSplit.Train, settings.TrainRows), Mnist.Load(DatasetSplit.Test, settings.TestRows))
            : (FashionMnist.Load(DatasetSplit.Train, settings.TrainRows), FashionMnist.Load(DatasetSplit.Test, settings.TestRows));
        Console.WriteLine($"[{dataset}] {train.Count:N0} training rows, {test.Count:N0} test rows");
        var trainView = train.ToDataView(ml);
        var testView = test.ToDataView(ml);

        var options = new ComparisonOptions
        {
            Task = ComparisonTask.MulticlassClassification,
            TestData = testView,
            Seeds = settings.Seeds,
            LatencySamples = 300,
            ThroughputRows = Math.Min(test.Count, BatchScoringRows),
            ModelDirectory = modelDirectory,
            Progress = new ConsoleProgress<ComparisonProgress>(p => Console.WriteLine($"[{dataset}] {p.Message}")),
        };
        var candidates = ComparisonCandidates.SparseMlp(options, settings.Methods, new[] { settings.Density },
            () => settings.Template(new ConsoleProgress<SparseTrainingProgress>(p => ReportTraining(dataset, p)))).ToList();
        if (settings.References.Contains("sdca"))
            candidates.Add(ComparisonCandidates.Sdca(options));
        if (settings.References.Contains("lightgbm"))
            candidates.Add(new ComparisonCandidate("LightGbm", null, (m, seed) => m.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
            {
                LabelColumnName = options.LabelColumnName,
                FeatureColumnName = options.FeatureColumnName,
                Seed = seed,
            }), isReference: true));

        // One comparison per candidate, so that the peak resident memory can be reset and read around each.
        var parts = new List<ComparisonResult>();
        var memory = new List<MlpRunMemory>();
        foreach (var candidate in candidates)
        {
            bool perRun = ProcessMemory.ResetPeak();
            long before = ProcessMemory.CurrentBytes();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            parts.Add(SparseComparison.Run(ml, trainView, new[] { candidate }, options));
            memory.Add(new MlpRunMemory(before, ProcessMemory.PeakBytes(), perRun, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds));
        }
        var comparison = ComparisonResult.Combine(parts);
        Console.WriteLine(comparison.ToMarkdown());
        var scoring = MeasureScoring(ml, comparison, testView, settings.LatencyRounds);
        return new MlpDatasetResult(dataset, train.Count, test.Count, comparison, memory, scoring, watch.Elapsed);
    }

    private static void ReportTraining(string dataset, SparseTrainingProgress p)
    {
        if (p.Kind == TrainingProgressKind.Epoch)
            Console.WriteLine($"[{dataset}]   epoch {p.Epoch}/{p.TotalEpochs}: loss {p.TrainingLoss:F4}, lr {p.LearningRate:G3}, density {p.Density:P2}, {p.Elapsed.TotalSeconds:F0} s");
        else if (p.Kind == TrainingProgressKind.TopologyRound && p.TopologyRound is { } round)
            Console.WriteLine($"[{dataset}]   topology round {round.Round} at step {round.Step}: ζ {round.Zeta:F3}, density {round.TargetDensity:P2}, {round.RoundTime.TotalMilliseconds:F0} ms");
    }

    /// <summary>
    /// Loads every saved model (first seed) and times, in interleaved rounds, a single-row PredictionEngine call and a
    /// batch of <see cref="BatchScoringRows"/> cached test rows through Transform, so that all models see the same load.
    /// </summary>
    private static List<MlpScoring> MeasureScoring(MLContext ml, ComparisonResult comparison, IDataView test, int rounds)
    {
        var batch = ml.Data.Cache(ml.Data.TakeRows(test, BatchScoringRows));
        int batchRows = 0;
        using (var cursor = batch.GetRowCursor(batch.Schema))
            while (cursor.MoveNext())
                batchRows++;
        var rows = LatencyRows(test, 64);
        var loaded = new List<(ComparisonRow Row, ITransformer Model, PredictionEngine<FeatureRow, ScoreRow> Engine)>();
        var cases = new List<ScoringBenchmark.Case>();
        foreach (var row in comparison.Rows)
        {
            var model = ml.Model.Load(row.Runs[0].ModelPath!, out _);
            var engine = ml.Model.CreatePredictionEngine<FeatureRow, ScoreRow>(model, inputSchemaDefinition: FeatureRow.Definition(rows[0].Features.Length));
            loaded.Add((row, model, engine));
            string label = Label(row);
            var output = new ScoreRow();
            int next = 0;
            // About 30 ms of calls per block, from the latency the comparison measured.
            int calls = (int)Math.Clamp(30000 / Math.Max(1, row.MedianLatencyMicroseconds), 5, 500);
            cases.Add(new ScoringBenchmark.Case($"{label}: PredictionEngine", "engine", 1, calls, () => engine.Predict(rows[next++ % rows.Length], ref output)));
            cases.Add(new ScoringBenchmark.Case($"{label}: batch", "batch", batchRows, 1, () => ScoreAll(model, batch)));
        }
        Console.WriteLine($"timing {cases.Count} scoring cases in {rounds} interleaved rounds");
        var measured = ScoringBenchmark.Measure(cases, rounds).ToDictionary(m => m.Name);
        var results = new List<MlpScoring>();
        foreach (var (row, model, engine) in loaded)
        {
            var pe = measured[$"{Label(row)}: PredictionEngine"];
            var b = measured[$"{Label(row)}: batch"];
            results.Add(new MlpScoring(row.Method, row.Density, pe.MedianMicroseconds, pe.MinMicroseconds,
                batchRows / (b.MedianMicroseconds / 1e6), (model as SparsePredictionTransformerBase)?.Model));
            engine.Dispose();
            (model as IDisposable)?.Dispose();
        }
        return results;
    }

    private static string Label(ComparisonRow row) => row.Density is { } d ? $"{row.Method} @ {d:P1}" : row.Method;

    private static void ScoreAll(ITransformer model, IDataView rows)
    {
        var scored = model.Transform(rows);
        var score = scored.Schema["Score"];
        using var cursor = scored.GetRowCursor(new[] { score });
        var getter = cursor.GetGetter<VBuffer<float>>(score);
        VBuffer<float> value = default;
        while (cursor.MoveNext())
            getter(ref value);
    }

    private static FeatureRow[] LatencyRows(IDataView test, int count)
    {
        var column = test.Schema["Features"];
        var rows = new List<FeatureRow>();
        using var cursor = test.GetRowCursor(new[] { column });
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        VBuffer<float> buffer = default;
        while (rows.Count < count && cursor.MoveNext())
        {
            getter(ref buffer);
            rows.Add(new FeatureRow { Features = buffer.DenseValues().ToArray() });
        }
        return rows.ToArray();
    }

    private sealed class FeatureRow
    {
        public float[] Features { get; set; } = Array.Empty<float>();

        public static SchemaDefinition Definition(int size)
        {
            var definition = SchemaDefinition.Create(typeof(FeatureRow));
            definition[nameof(Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
            return definition;
        }
    }

    private sealed class ScoreRow
    {
        public float[] Score { get; set; } = Array.Empty<float>();
    }

    /// <summary>Reports synchronously on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class ConsoleProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
