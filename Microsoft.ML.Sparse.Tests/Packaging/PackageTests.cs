// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using System.Reflection;

namespace Microsoft.ML.Sparse.Tests.Packaging;

/// <summary>
/// Runs build/pack-test: packs the library into a local feed, then a brand-new training app (no libtorch package) trains,
/// saves and gets the "add TorchSharp-cpu" error for a TorchSharp baseline, and a brand-new scoring-only app loads the
/// model, reproduces the scores exactly and publishes (linux-x64) without libtorch in under 20 MB. Also checks that
/// build/pack gives every commit and every changed work tree its own version.
/// </summary>
[TestClass]
[TestCategory(TestLanes.Process)]
public sealed class PackageTests
{
    [TestMethod]
    public void PackVersionNamesTheCommitSoThatARepackIsNeverTakenFromTheCache()
    {
        string root = Root();
        string head = Run(root, null, "git", "rev-parse", "--short=7", "HEAD").Trim();
        string count = Run(root, null, "git", "rev-list", "--count", "HEAD").Trim();
        string version = Run(root, null, "bash", Path.Combine(root, "build", "pack"), "--print-version").Trim();
        StringAssert.Matches(version, new System.Text.RegularExpressions.Regex(@"^\d+\.\d+\.\d+-dev\.\d+\.g[0-9a-f]{7}(\.dirty-[0-9a-f]{7})?$"));
        StringAssert.StartsWith(version.Split('-', 2)[1], $"dev.{count}.g{head}");
        bool dirty = Run(root, null, "git", "status", "--porcelain").Length > 0;
        Assert.AreEqual(dirty, version.Contains(".dirty-", StringComparison.Ordinal), $"{version}: the dirty marker must follow the work tree");
        string prefix = version.Split('-')[0];
        Assert.AreEqual($"{prefix}-rc.7", Run(root, "rc.7", "bash", Path.Combine(root, "build", "pack"), "--print-version").Trim(), "VERSION_SUFFIX sets the suffix");
    }

    [TestCategory(TestLanes.Slow)]
    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public void PackagesRestoreIntoNewTrainingAndScoringOnlyApps()
    {
        string root = Root();
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

    private static string Root() => typeof(PackageTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    /// <summary>Runs a short command in <paramref name="directory"/> (VERSION_SUFFIX set or removed) and returns its output; asserts exit code 0.</summary>
    private static string Run(string directory, string? versionSuffix, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        if (versionSuffix is null)
            start.Environment.Remove("VERSION_SUFFIX");
        else
            start.Environment["VERSION_SUFFIX"] = versionSuffix;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.IsTrue(process.WaitForExit(60_000), $"{file} {string.Join(' ', arguments)} did not finish in 60 s");
        Assert.AreEqual(0, process.ExitCode, $"{file} {string.Join(' ', arguments)}: {stderr.Result}");
        return stdout.Result;
    }
}
