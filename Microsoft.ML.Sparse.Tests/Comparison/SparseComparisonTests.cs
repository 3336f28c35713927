// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Text.Json;
using System.Xml.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Comparison;

namespace Microsoft.ML.Sparse.Tests.Comparison;

[TestClass]
public sealed class SparseComparisonTests
{
    private sealed class Blob
    {
        [VectorType(4)] public float[] Features { get; set; } = Array.Empty<float>();
        public string Label { get; set; } = "";
    }

    /// <summary>Three well separated Gaussian blobs in 4-D: any sane classifier gets > 95%.</summary>
    private static IDataView Blobs(MLContext ml, int perClass, int seed)
    {
        var rnd = new Random(seed);
        var rows = new List<Blob>();
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < perClass; i++)
                rows.Add(new Blob
                {
                    Features = Enumerable.Range(0, 4).Select(j => (float)((j == c ? 4.0 : 0.0) + rnd.NextDouble() - 0.5)).ToArray(),
                    Label = "class" + c,
                });
        return ml.Data.LoadFromEnumerable(rows);
    }

    private static ComparisonCandidate Sdca() => new("SdcaMaximumEntropy", null,
        (ml, seed) => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(maximumNumberOfIterations: 20), isReference: true);

    private static ComparisonCandidate Lbfgs() => new("LbfgsMaximumEntropy", null,
        (ml, seed) => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(), isReference: true);

    [TestMethod]
    public void RunsEveryCandidateWithEverySeedAndEvaluates()
    {
        var ml = new MLContext(1);
        var progress = new List<ComparisonProgress>();
        var result = SparseComparison.Run(ml, Blobs(ml, 60, 1), new[] { Sdca(), Lbfgs() }, new ComparisonOptions
        {
            Seeds = new[] { 1, 2 },
            LatencySamples = 20,
            Progress = new SyncProgress<ComparisonProgress>(progress.Add),
        });

        Assert.AreEqual(2, result.Rows.Count);
        foreach (var row in result.Rows)
        {
            Assert.AreEqual(2, row.Runs.Count);
            Assert.IsTrue(row.MetricMeans["Accuracy"] > 0.95, $"{row.Method} accuracy {row.MetricMeans["Accuracy"]}");
            Assert.IsTrue(row.ModelBytes > 0);
            Assert.IsTrue(row.MedianLatencyMicroseconds > 0);
            double expectedMean = row.Runs.Average(r => r.Metrics["Accuracy"]);
            Assert.AreEqual(expectedMean, row.MetricMeans["Accuracy"], 1e-12);
        }
        Assert.AreEqual(8, progress.Count, "one message before and one after each of 4 runs");
        Assert.AreEqual(4, progress[^1].Completed);
    }

    [TestMethod]
    public void ReportsRenderAsMarkdownJsonCsvAndSvg()
    {
        var ml = new MLContext(1);
        var result = SparseComparison.Run(ml, Blobs(ml, 40, 2), new[] { Sdca() }, new ComparisonOptions { LatencySamples = 10 });

        string md = result.ToMarkdown();
        StringAssert.StartsWith(md, "| method | density | Accuracy |");
        StringAssert.Contains(md, "| SdcaMaximumEntropy (ML.NET) | dense |");

        string dir = Path.Combine(Path.GetTempPath(), "mlsparse-compare-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            result.SaveJson(Path.Combine(dir, "r.json"));
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "r.json")));
            Assert.AreEqual("MulticlassClassification", json.RootElement.GetProperty("task").GetString());
            Assert.AreEqual(1, json.RootElement.GetProperty("rows").GetArrayLength());

            result.SaveCsv(Path.Combine(dir, "r.csv"));
            var lines = File.ReadAllLines(Path.Combine(dir, "r.csv"));
            Assert.AreEqual(2, lines.Length);
            StringAssert.StartsWith(lines[0], "method,density,reference,seed,Accuracy,");

            result.SaveDensityPlotSvg(Path.Combine(dir, "r.svg"));
            var svg = XDocument.Load(Path.Combine(dir, "r.svg"));
            Assert.AreEqual("svg", svg.Root!.Name.LocalName);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [TestMethod]
    public void RejectsBadColumnsAndEmptyCandidateLists()
    {
        var ml = new MLContext(1);
        var data = Blobs(ml, 5, 3);
        var ex = Assert.ThrowsExactly<ArgumentException>(() => SparseComparison.Run(ml, data, new[] { Sdca() }, new ComparisonOptions { FeatureColumnName = "Pixels" }));
        StringAssert.Contains(ex.Message, "'Pixels'");
        var scalar = ml.Data.LoadFromEnumerable(new[] { new { Weight = 1f, Label = "a" } });
        var wrongType = Assert.ThrowsExactly<ArgumentException>(() => SparseComparison.Run(ml, scalar, new[] { Sdca() }, new ComparisonOptions { FeatureColumnName = "Weight" }));
        StringAssert.Contains(wrongType.Message, "known-size vector of Single, or a String column for text classifiers");
        Assert.ThrowsExactly<ArgumentException>(() => SparseComparison.Run(ml, data, Array.Empty<ComparisonCandidate>(), new ComparisonOptions()));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ComparisonCandidate("x", 1.5, (m, s) => m.MulticlassClassification.Trainers.SdcaMaximumEntropy()));
    }

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
