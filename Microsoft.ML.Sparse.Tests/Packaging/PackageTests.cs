// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using System.Reflection;

namespace Microsoft.ML.Sparse.Tests.Packaging;

/// <summary>
/// Runs build/pack-test: packs the library into a local feed, then a brand-new training app (no libtorch package) trains,
/// saves and gets the "add TorchSharp-cpu" error for a TorchSharp baseline, and a brand-new scoring-only app loads the
/// model, reproduces the scores exactly and publishes (linux-x64) without libtorch in under 20 MB.
/// </summary>
[TestClass]
[TestCategory(TestLanes.Process)]
public sealed class PackageTests
{
    [TestCategory(TestLanes.Slow)]
    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public void PackagesRestoreIntoNewTrainingAndScoringOnlyApps()
    {
        string root = typeof(PackageTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        string script = Path.Combine(root, "build", "pack-test");
        Assert.IsTrue(File.Exists(script), $"missing {script}");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        start.ArgumentList.Add(script);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.IsTrue(process.WaitForExit(590_000), "build/pack-test did not finish in time");
        Console.WriteLine(stdout.Result);
        Assert.AreEqual(0, process.ExitCode, $"build/pack-test failed: {stdout.Result}\n{stderr.Result}");
        string[] lines = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        StringAssert.StartsWith(lines[^1], "pack-test: ok");
        Assert.IsTrue(lines.Any(l => l.StartsWith("libtorch: ", StringComparison.Ordinal) && l.Contains("dotnet add package TorchSharp-cpu", StringComparison.Ordinal)),
            "the training app without a libtorch package must be told which package to add");
        Assert.IsTrue(lines.Any(l => l == "score: ok"));
    }
}
