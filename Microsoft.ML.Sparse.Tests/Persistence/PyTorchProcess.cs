// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using System.Reflection;

namespace Microsoft.ML.Sparse.Tests.Persistence;

/// <summary>Runs the PyTorch interop scripts (tools/pytorch) with Debian's python3-torch for the Process-lane tests.</summary>
internal static class PyTorchProcess
{
    /// <summary>The interpreter with torch: MLSPARSE_PYTHON, else Debian's /usr/bin/python3.</summary>
    public static string Python => Environment.GetEnvironmentVariable("MLSPARSE_PYTHON") is { Length: > 0 } p ? p : "/usr/bin/python3";

    /// <summary>The path of a script under tools/pytorch in this repository.</summary>
    public static string Script(string name)
    {
        string root = typeof(PyTorchProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        return Path.Combine(root, "tools", "pytorch", name);
    }

    /// <summary>Marks the test inconclusive, with the install command, when the interpreter cannot import torch and numpy.</summary>
    public static void RequireTorch()
    {
        var (probe, why) = Run("-c", "import torch, numpy");
        if (probe != 0)
            Assert.Inconclusive($"{Python} cannot import torch and numpy ({why.Trim()}). Install Debian's python3-torch with: sudo bash build/setup " +
                "(or apt-get install python3-torch), or set MLSPARSE_PYTHON to an interpreter that has them.");
    }

    /// <summary>Runs the interpreter with <paramref name="arguments"/>; the exit code and stdout + stderr (-1 when it is missing).</summary>
    public static (int ExitCode, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";   // no __pycache__ next to the scripts in the repository
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(300_000))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("the PyTorch script did not finish within 5 minutes");
            }
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, $"{Python} not found");
        }
    }
}
