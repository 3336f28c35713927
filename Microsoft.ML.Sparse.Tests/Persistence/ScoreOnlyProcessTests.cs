// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Scoring;
using Microsoft.ML.Sparse.Tests.Inference;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse.Tests.Persistence;

/// <summary>
/// Loads a saved model.zip in a child process whose output folder has no libtorch / LibTorchSharp native files,
/// predicts one row and compares with the in-process prediction bit for bit. The child checks /proc/self/maps for
/// torch libraries and reports who loaded the managed TorchSharp assembly (ML.NET's ComponentCatalog reflects over
/// every type of Microsoft.ML.Sparse, some of which derive from TorchSharp modules; no torch code runs).
/// </summary>
[TestClass]
[TestCategory(TestLanes.Process)]
public sealed class ScoreOnlyProcessTests
{
    private sealed class Row
    {
        [VectorType(20)]
        public float[] Features { get; set; } = new float[20];
    }

    private sealed class Prediction
    {
        public float[] Score { get; set; } = Array.Empty<float>();

        public uint PredictedLabel { get; set; }
    }

    [TestMethod]
    public void ChildProcessScoresWithoutTorchNativeLibraries()
    {
        string app = typeof(ScoreOnlyProcessTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ScoreOnlyApp").Value!;
        Assert.IsTrue(File.Exists(app), $"score-only app not built at {app}");
        string appDir = Path.GetDirectoryName(app)!;
        var nativeTorch = Directory.EnumerateFiles(appDir, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f).Contains("torch", StringComparison.OrdinalIgnoreCase) && !f.EndsWith("TorchSharp.dll", StringComparison.Ordinal)).ToArray();
        Assert.IsEmpty(nativeTorch, "the score-only app must not ship torch native libraries");

        var ml = new MLContext(1);
        var model = SparseMlpInferenceModelTests.RandomModel(8, new[] { 20, 300, 50, 4 }, 0.05);
        var transformer = SparsePredictionTransformerFactory.CreateMulticlass(ml, new MlpScorer(model), "Features", new[] { "w", "x", "y", "z" });
        var features = Enumerable.Range(0, 20).Select(i => MathF.Sin(i * 0.7f) * 2).ToArray();
        var schema = ml.Data.LoadFromEnumerable(new[] { new Row() }).Schema;
        var expected = ml.Model.CreatePredictionEngine<Row, Prediction>(transformer).Predict(new Row { Features = features });
        string zip = Path.Combine(Path.GetTempPath(), $"score-only-{Guid.NewGuid():N}.zip");
        File.WriteAllBytes(zip, ZipRoundTrip.Save(ml, transformer, schema));
        try
        {
            string stdout = RunChild(app, 60, zip, string.Join(",", features.Select(f => f.ToString("R", CultureInfo.InvariantCulture))));
            using var json = JsonDocument.Parse(stdout);
            var root = json.RootElement;
            var scores = root.GetProperty("score").EnumerateArray().Select(s => float.Parse(s.GetString()!, CultureInfo.InvariantCulture)).ToArray();
            CollectionAssert.AreEqual(expected.Score, scores, "scores must match bit for bit");
            Assert.AreEqual(expected.PredictedLabel, root.GetProperty("predictedLabel").GetUInt32());
            Assert.AreEqual(0, root.GetProperty("mappedTorchLibraries").GetArrayLength());
            Assert.IsTrue(root.GetProperty("torchSharpLoadedOnlyByMlNetTypeScan").GetBoolean());
            StringAssert.Contains(root.GetProperty("modelType").GetString(), typeof(SparseMulticlassPredictionTransformer).FullName!);
            Assert.AreEqual(transformer.Model.ToString(), root.GetProperty("network").GetString());
            StringAssert.StartsWith(root.GetProperty("network").GetString(), "MLP 20-300-50-4:");
        }
        finally
        {
            File.Delete(zip);
        }
    }

    [TestMethod]
    public void ChildProcessTrainsASparseMlpWithoutTorchNativeLibraries()
    {
        string app = typeof(ScoreOnlyProcessTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ScoreOnlyApp").Value!;
        string zip = Path.Combine(Path.GetTempPath(), $"train-only-{Guid.NewGuid():N}.zip");
        try
        {
            string stdout = RunChild(app, 120, "--train", zip);
            using var json = JsonDocument.Parse(stdout);
            var root = json.RootElement;
            Assert.AreEqual(0, root.GetProperty("mappedTorchLibraries").GetArrayLength());
            Assert.IsTrue(root.GetProperty("accuracy").GetDouble() > 0.9, stdout);
            var loaded = new MLContext().Model.Load(zip, out _);
            Assert.IsNotNull(loaded);
        }
        finally
        {
            File.Delete(zip);
        }
    }

    [TestMethod]
    public void HelpPrintsBothUsagesAndExitsZero()
    {
        string app = typeof(ScoreOnlyProcessTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ScoreOnlyApp").Value!;
        string stdout = RunChild(app, 60, "--help");
        StringAssert.Contains(stdout, "SparseMlp.ScoreOnly [<model.zip> [<features>]] [options]");
        StringAssert.Contains(stdout, "--train <model.zip>");
        StringAssert.Contains(stdout, "comma-separated");
        Assert.IsFalse(stdout.Contains("\"score\"", StringComparison.Ordinal), "--help must not score");
    }

    /// <summary>Runs the score-only app with <paramref name="arguments"/>; asserts it ends in time with exit code 0 and returns its output.</summary>
    private static string RunChild(string app, int timeoutSeconds, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(app);
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.IsTrue(process.WaitForExit(timeoutSeconds * 1000), $"the child did not finish in {timeoutSeconds} s");
        Console.WriteLine(stdout.Result);
        Assert.AreEqual(0, process.ExitCode, $"child exit code {process.ExitCode}: {stdout.Result} {stderr.Result}");
        return stdout.Result;
    }
}
