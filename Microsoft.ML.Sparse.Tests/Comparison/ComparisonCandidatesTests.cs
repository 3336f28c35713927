// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.ML.Sparse.Comparison;
using Microsoft.ML.Sparse.Samples.Datasets;

namespace Microsoft.ML.Sparse.Tests.Comparison;

/// <summary>
/// The sparse-MLP candidate lists on sklearn digits (1,797 8×8 images): one comparison of all six methods at two
/// densities plus SDCA is trained once for the class (small network, few epochs, a few seconds) and checked from
/// several sides.
/// </summary>
[DatasetTestClass]
[TestCategory(TestLanes.Dataset)]
public sealed class ComparisonCandidatesTests
{
    private static readonly double[] Densities = { 0.1, 0.3 };
    private static MLContext _ml = null!;
    private static IDataView _train = null!, _test = null!;
    private static ComparisonOptions _options = null!;
    private static ComparisonResult _result = null!;
    private static string _modelDirectory = null!;

    private static SparseMlpOptions Template() =>
        new() { HiddenLayerSizes = new[] { 64, 64 }, NumberOfEpochs = 6, BatchSize = 64, Optimizer = SparseOptimizer.Sgd, LearningRate = 0.05 };

    [ClassInitialize]
    public static void TrainAll(TestContext _)
    {
        _ml = new MLContext(seed: 1);
        var split = _ml.Data.TrainTestSplit(SklearnDatasets.Digits().ToDataView(_ml), testFraction: 0.2, seed: 3);
        var normalizer = _ml.Transforms.NormalizeMinMax("Features").Fit(split.TrainSet);
        _train = _ml.Data.Cache(normalizer.Transform(split.TrainSet));
        _test = _ml.Data.Cache(normalizer.Transform(split.TestSet));
        _modelDirectory = Path.Combine(Path.GetTempPath(), "mlsparse-candidates-models-" + Guid.NewGuid().ToString("N"));
        _options = new ComparisonOptions { TestData = _test, Seeds = new[] { 7 }, LatencySamples = 20, ThroughputRows = 200, ModelDirectory = _modelDirectory };
        var candidates = ComparisonCandidates.SparseMlp(_options, Densities, Template).Append(ComparisonCandidates.Sdca(_options)).ToList();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        _result = SparseComparison.Run(_ml, _train, candidates, _options);
        Console.WriteLine($"comparison: {watch.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine(_result.ToMarkdown());
    }

    [ClassCleanup]
    public static void DeleteModels()
    {
        if (Directory.Exists(_modelDirectory))
            Directory.Delete(_modelDirectory, true);
    }

    [TestMethod]
    public void ListsDenseOnceAndEverySparseMethodAtEveryDensity()
    {
        var candidates = ComparisonCandidates.SparseMlp(new ComparisonOptions(), new[] { 0.01, 0.05, 0.01 });
        var expected = new List<(string, double?)> { ("Dense", 1.0) };
        foreach (string method in new[] { "Static", "SET", "RigL", "CHTs", "CHTss" })
            expected.AddRange(new (string, double?)[] { (method, 0.01), (method, 0.05) });
        CollectionAssert.AreEqual(expected, candidates.Select(c => (c.Method, c.Density)).ToList());
        Assert.IsTrue(candidates.All(c => !c.IsReference));

        var only = ComparisonCandidates.SparseMlp(new ComparisonOptions(), new[] { SparseTrainingMethod.Chts, SparseTrainingMethod.Dense }, new[] { 0.02 });
        CollectionAssert.AreEqual(new List<(string, double?)> { ("CHTs", 0.02), ("Dense", 1.0) }, only.Select(c => (c.Method, c.Density)).ToList());
    }

    [TestMethod]
    public void BuildsTheTrainerOfTheTaskWithTheComparisonsColumnsSeedMethodAndDensity()
    {
        var options = new ComparisonOptions { Task = ComparisonTask.Regression, LabelColumnName = "Price", FeatureColumnName = "X" };
        var chtss = ComparisonCandidates.SparseMlp(options, new[] { SparseTrainingMethod.Chtss }, new[] { 0.8 },
            () => new SparseMlpOptions { LabelColumnName = "ignored", NumberOfEpochs = 3, Topology = new SparseTopologyOptions { Zeta = 0.2, InitialDensity = 0.5 } }).Single();
        var trainer = (SparseMlpRegressionTrainer)chtss.CreateEstimator(new MLContext(1), 42);
        Assert.AreEqual("Price", trainer.Options.LabelColumnName);
        Assert.AreEqual("X", trainer.Options.FeatureColumnName);
        Assert.AreEqual(42, trainer.Options.Seed);
        Assert.AreEqual(3, trainer.Options.NumberOfEpochs);
        Assert.AreEqual(SparseTrainingMethod.Chtss, trainer.Options.Topology.Method);
        Assert.AreEqual(0.8, trainer.Options.Topology.Density);
        Assert.AreEqual(0.8, trainer.Options.Topology.InitialDensity, "raised to the final density");
        Assert.AreEqual(0.2, trainer.Options.Topology.Zeta);

        var binary = ComparisonCandidates.SparseMlp(new ComparisonOptions { Task = ComparisonTask.BinaryClassification }, new[] { SparseTrainingMethod.Dense }, Array.Empty<double>()).Single();
        Assert.IsInstanceOfType<SparseMlpBinaryTrainer>(binary.CreateEstimator(new MLContext(1), 1));
        Assert.IsInstanceOfType<Microsoft.ML.Trainers.SdcaLogisticRegressionBinaryTrainer>(
            ComparisonCandidates.Sdca(new ComparisonOptions { Task = ComparisonTask.BinaryClassification }).CreateEstimator(new MLContext(1), 1));
    }

    [TestMethod]
    public void RejectsBadMethodsAndDensities()
    {
        var options = new ComparisonOptions();
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ComparisonCandidates.SparseMlp(options, new[] { 0.0 }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ComparisonCandidates.SparseMlp(options, new[] { 1.5 }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ComparisonCandidates.SparseMlp(options, new[] { double.NaN }));
        Assert.ThrowsExactly<ArgumentException>(() => ComparisonCandidates.SparseMlp(options, Array.Empty<SparseTrainingMethod>(), new[] { 0.1 }));
        var ex = Assert.ThrowsExactly<ArgumentException>(() => ComparisonCandidates.SparseMlp(options, Array.Empty<double>()));
        StringAssert.Contains(ex.Message, "at least one density");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ComparisonCandidates.SparseMlp(options, new[] { (SparseTrainingMethod)42 }, new[] { 0.1 }));
    }

    [TestMethod]
    public void EveryMethodAppearsAtItsDensitiesWithTrainingSummaries()
    {
        Assert.AreEqual(1 + 5 * Densities.Length + 1, _result.Rows.Count);
        var dense = _result.Rows.Single(r => r.Method == "Dense");
        Assert.AreEqual(1.0, dense.Density);
        foreach (string method in new[] { "Static", "SET", "RigL", "CHTs", "CHTss" })
            CollectionAssert.AreEqual(Densities, _result.Rows.Where(r => r.Method == method).Select(r => r.Density!.Value).ToArray(), method);

        foreach (var row in _result.Rows.Where(r => !r.IsReference))
        {
            var run = row.Runs.Single();
            Assert.AreEqual(7, run.Seed);
            Assert.IsNotNull(run.TrainingSummary, row.Method);
            Assert.AreEqual(6, run.TrainingSummary.Epochs.Count);
            Assert.IsTrue(run.TopologyTimeFraction is >= 0 and < 1, $"{row.Method}: {run.TopologyTimeFraction}");
            Assert.AreEqual(run.TrainingSummary.TrainingTime.TotalSeconds / 6, run.EpochTime!.Value.TotalSeconds, 1e-6);
            bool evolves = row.Method is "SET" or "RigL" or "CHTs" or "CHTss";
            Assert.AreEqual(evolves, run.TrainingSummary.TopologyRounds.Count > 0, $"{row.Method} topology rounds");
            Assert.IsTrue(run.BatchRowsPerSecond > 0 && run.SingleRowLatencyMicroseconds > 0 && run.ModelBytes > 0);
            Assert.IsTrue(row.MetricMeans["Accuracy"] > 0.8, $"{row.Method} @ {row.Density}: accuracy {row.MetricMeans["Accuracy"]:P2}");
        }
        var sdca = _result.Rows[^1];
        Assert.IsTrue(sdca.IsReference);
        Assert.AreEqual("SdcaMaximumEntropy", sdca.Method);
        Assert.IsNull(sdca.Runs.Single().TrainingSummary);
        Assert.IsNull(sdca.MeanTopologyTimeFraction);
        Assert.IsTrue(sdca.MetricMeans["Accuracy"] > 0.9);
    }

    [TestMethod]
    public void MetricsAreMlNetsEvaluatorOnTheTestData()
    {
        // The CHTs row at 10%, trained again directly with the same options and seed, and evaluated by ML.NET.
        var row = _result.Rows.Single(r => r.Method == "CHTs" && r.Density == 0.1);
        var options = Template();
        options.Seed = 7;
        options.Topology = new SparseTopologyOptions { Method = SparseTrainingMethod.Chts, Density = 0.1 };
        var model = _ml.MulticlassClassification.Trainers.SparseMlp(options).Fit(_train);
        var metrics = _ml.MulticlassClassification.Evaluate(model.Transform(_test));
        var run = row.Runs.Single();
        Assert.AreEqual(metrics.MicroAccuracy, run.Metrics["Accuracy"], 0.0);
        Assert.AreEqual(metrics.MacroAccuracy, run.Metrics["MacroAccuracy"], 0.0);
        Assert.AreEqual(metrics.LogLoss, run.Metrics["LogLoss"], 0.0);
        Assert.AreEqual(0.1, model.Model.Layers[0].Density, 0.005);
    }

    [TestMethod]
    public void SavesEveryModelWhereAskedAndTheFilesScoreAsMeasured()
    {
        var files = _result.Rows.Select(r => r.Runs.Single().ModelPath!).ToList();
        CollectionAssert.AreEquivalent(files, Directory.GetFiles(_modelDirectory));
        StringAssert.EndsWith(files[0], "Dense-100pct-seed7.zip");
        Assert.IsTrue(files.Any(f => f.EndsWith("CHTss-30pct-seed7.zip", StringComparison.Ordinal)));
        StringAssert.EndsWith(files[^1], "SdcaMaximumEntropy-dense-seed7.zip");
        foreach (var row in _result.Rows)
            Assert.AreEqual(row.Runs[0].ModelBytes, new FileInfo(row.Runs[0].ModelPath!).Length);

        var chts = _result.Rows.Single(r => r.Method == "CHTs" && r.Density == 0.3).Runs[0];
        var loaded = _ml.Model.Load(chts.ModelPath!, out _);
        var metrics = _ml.MulticlassClassification.Evaluate(loaded.Transform(_test));
        Assert.AreEqual(chts.Metrics["Accuracy"], metrics.MicroAccuracy, 0.0);
        Assert.AreEqual(chts.Metrics["LogLoss"], metrics.LogLoss, 0.0);
    }

    [TestMethod]
    public void JsonAndCsvHoldEveryRunExactly()
    {
        string dir = Path.Combine(Path.GetTempPath(), "mlsparse-candidates-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string jsonPath = Path.Combine(dir, "r.json"), csvPath = Path.Combine(dir, "r.csv");
            _result.SaveJson(jsonPath);
            _result.SaveCsv(csvPath);

            using var json = JsonDocument.Parse(File.ReadAllText(jsonPath));
            var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
            Assert.AreEqual(_result.Rows.Count, rows.Count);
            for (int i = 0; i < rows.Count; i++)
            {
                var expected = _result.Rows[i];
                Assert.AreEqual(expected.Method, rows[i].GetProperty("method").GetString());
                Assert.AreEqual(expected.Density, rows[i].GetProperty("density").ValueKind == JsonValueKind.Null ? null : rows[i].GetProperty("density").GetDouble());
                var run = rows[i].GetProperty("runs")[0];
                var actual = expected.Runs[0];
                Assert.AreEqual(actual.Metrics["Accuracy"], run.GetProperty("metrics").GetProperty("Accuracy").GetDouble(), 0.0);
                Assert.AreEqual(actual.ModelBytes, run.GetProperty("modelBytes").GetInt64());
                Assert.AreEqual(actual.BatchRowsPerSecond, run.GetProperty("batchRowsPerSecond").GetDouble(), 0.0);
                if (actual.TopologyTimeFraction is { } share)
                {
                    Assert.AreEqual(share, run.GetProperty("topologyTimeFraction").GetDouble(), 0.0);
                    Assert.AreEqual(actual.TrainingSummary!.TopologyRounds.Count, run.GetProperty("topologyRounds").GetInt32());
                }
                else
                {
                    Assert.AreEqual(JsonValueKind.Null, run.GetProperty("topologyTimeFraction").ValueKind);
                }
            }

            var lines = File.ReadAllLines(csvPath);
            var header = lines[0].Split(',');
            Assert.AreEqual(_result.Rows.Count + 1, lines.Length);
            int Col(string name) => Array.IndexOf(header, name);
            for (int i = 0; i < _result.Rows.Count; i++)
            {
                var cells = lines[i + 1].Split(',');
                var row = _result.Rows[i];
                var run = row.Runs[0];
                Assert.AreEqual(header.Length, cells.Length);
                Assert.AreEqual(row.Method, cells[Col("method")]);
                Assert.AreEqual(row.Density?.ToString("R", CultureInfo.InvariantCulture) ?? "", cells[Col("density")]);
                Assert.AreEqual(run.Metrics["Accuracy"], double.Parse(cells[Col("Accuracy")], CultureInfo.InvariantCulture), 0.0);
                Assert.AreEqual(run.Metrics["LogLoss"], double.Parse(cells[Col("LogLoss")], CultureInfo.InvariantCulture), 0.0);
                Assert.AreEqual(run.ModelBytes, long.Parse(cells[Col("model_bytes")], CultureInfo.InvariantCulture));
                Assert.AreEqual(run.TrainingTime.TotalSeconds, double.Parse(cells[Col("training_seconds")], CultureInfo.InvariantCulture), 0.0);
                Assert.AreEqual(run.TopologyTimeFraction?.ToString("R", CultureInfo.InvariantCulture) ?? "", cells[Col("topology_time_fraction")]);
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [TestMethod]
    public void MarkdownAndPlotShowEveryMethodAndDensity()
    {
        string md = _result.ToMarkdown();
        StringAssert.StartsWith(md, "| method | density | Accuracy |");
        StringAssert.Contains(md, "| s/epoch | topology share |");
        StringAssert.Contains(md, "| Dense | 100% |");
        StringAssert.Contains(md, "| CHTss | 30% |");
        StringAssert.Contains(md, "| SdcaMaximumEntropy (ML.NET) | dense |");
        Assert.AreEqual(_result.Rows.Count + 2, md.TrimEnd().Split('\n').Length);

        string path = Path.Combine(Path.GetTempPath(), "mlsparse-candidates-" + Guid.NewGuid().ToString("N") + ".svg");
        try
        {
            _result.SaveDensityPlotSvg(path);
            var svg = XDocument.Load(path);
            XNamespace ns = "http://www.w3.org/2000/svg";
            var circles = svg.Descendants(ns + "circle").ToList();
            Assert.AreEqual(1 + 5 * Densities.Length, circles.Count, "one point per (method, density); the SDCA row is a dashed line");
            // Each method has its own colour: the points per colour are that method's densities.
            var perColour = circles.GroupBy(c => (string)c.Attribute("fill")!).Select(g => g.Count()).OrderBy(n => n).ToList();
            CollectionAssert.AreEqual(new[] { 1, 2, 2, 2, 2, 2 }, perColour);
            var legend = svg.Descendants(ns + "text").Select(t => t.Value).ToList();
            foreach (string label in new[] { "Dense", "Static", "SET", "RigL", "CHTs", "CHTss", "SdcaMaximumEntropy (ML.NET)" })
                CollectionAssert.Contains(legend, label);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void CombineKeepsRowsInOrderAndRefusesMixedTasks()
    {
        var combined = ComparisonResult.Combine(new[] { _result, _result });
        Assert.AreEqual(2 * _result.Rows.Count, combined.Rows.Count);
        Assert.AreSame(_result.Rows[0], combined.Rows[0]);
        Assert.AreSame(_result.Rows[0], combined.Rows[_result.Rows.Count]);
        Assert.ThrowsExactly<ArgumentException>(() => ComparisonResult.Combine(Array.Empty<ComparisonResult>()));
        var regression = new ComparisonResult(ComparisonTask.Regression, "RSquared", Array.Empty<ComparisonRow>());
        var ex = Assert.ThrowsExactly<ArgumentException>(() => ComparisonResult.Combine(new[] { _result, regression }));
        StringAssert.Contains(ex.Message, "same task");
    }
}
