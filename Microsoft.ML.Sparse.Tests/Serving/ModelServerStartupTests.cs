// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using System.Reflection;
using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Samples.ModelServer;
using Microsoft.ML.Sparse.Scoring;
using Microsoft.ML.Sparse.Tests.Inference;
using Microsoft.ML.Sparse.Tests.Persistence;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse.Tests.Serving;

/// <summary>
/// The server as a process: a missing or corrupt model, a short admin token or an address in use ends it with one line
/// on stderr and exit code 1 (2 for a usage error), never an unhandled exception (exit 134).
/// </summary>
[TestClass]
[TestCategory(TestLanes.Process)]
public sealed class ModelServerStartupTests
{
    private static (int ExitCode, string Stdout, string Stderr) Run(IDictionary<string, string>? environment, params string[] arguments)
    {
        string app = typeof(ModelServerStartupTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ModelServerApp").Value!;
        Assert.IsTrue(File.Exists(app), $"model server not built at {app}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(app);
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment.Remove(ServerOptions.AdminTokenVariable);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the server did not exit within 60 s");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static void AssertOneLine(string stderr, string expected)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(1, lines, stderr);
        StringAssert.StartsWith(lines[0], "SparseModelServer: ");
        StringAssert.Contains(lines[0], expected);
        Assert.IsFalse(stderr.Contains("Unhandled exception", StringComparison.Ordinal), stderr);
    }

    [TestMethod]
    public void AModelThatDoesNotLoadEndsTheProcessWithOneLineAndExitCode1()
    {
        string corrupt = Path.Combine(Path.GetTempPath(), $"mlsparse-start-{Guid.NewGuid():N}.zip");
        File.WriteAllBytes(corrupt, [0x50, 0x4B, 3, 4, 1, 2, 3]);
        try
        {
            var (exit, _, stderr) = Run(null, "--model", corrupt, "--urls", "http://127.0.0.1:0");
            Assert.AreEqual(1, exit, stderr);
            AssertOneLine(stderr, $"Model file '{corrupt}': The model did not load (Failed to open a zip archive)");

            (exit, _, stderr) = Run(null, "--model", corrupt + ".missing", "--urls", "http://127.0.0.1:0");
            Assert.AreEqual(1, exit, stderr);
            AssertOneLine(stderr, "not found");

            (exit, _, stderr) = Run(new Dictionary<string, string> { [ServerOptions.AdminTokenVariable] = "short" }, "--model", corrupt);
            Assert.AreEqual(1, exit, stderr);
            AssertOneLine(stderr, "at least 16 characters");

            (exit, _, stderr) = Run(null, "--model", corrupt, "--max-model-mb", "lots");
            Assert.AreEqual(2, exit, stderr);
            AssertOneLine(stderr, "--max-model-mb needs a whole number of MiB from 1 up, e.g. --max-model-mb 512; got 'lots'.");

            (exit, _, stderr) = Run(null, "--urls", "http://127.0.0.1:0");
            Assert.AreEqual(2, exit, stderr);
            AssertOneLine(stderr, "'--model' is required");
        }
        finally
        {
            File.Delete(corrupt);
        }
    }

    [TestMethod]
    public async Task AnAddressInUseEndsTheProcessWithOneLineAndExitCode1()
    {
        var ml = new MLContext(1);
        var network = SparseMlpInferenceModelTests.RandomModel(3, [4, 8, 3], 0.5);
        var model = SparsePredictionTransformerFactory.CreateMulticlass(ml, new MlpScorer(network), "Features", ["a", "b", "c"]);
        string path = Path.Combine(Path.GetTempPath(), $"mlsparse-start-{Guid.NewGuid():N}.zip");
        await File.WriteAllBytesAsync(path, ZipRoundTrip.Save(ml, model, ml.Data.LoadFromEnumerable(new[] { new Row() }).Schema));
        try
        {
            await using var running = await ServerTestKit.Start(path);
            var (exit, _, stderr) = Run(null, "--model", path, "--urls", running.Address.ToString().TrimEnd('/'));
            Assert.AreEqual(1, exit, stderr);
            AssertOneLine(stderr, "address already in use");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class Row
    {
        [VectorType(4)] public float[] Features { get; set; } = new float[4];
    }
}
