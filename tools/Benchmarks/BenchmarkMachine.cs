// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>The machine and software a benchmark ran on, for its report.</summary>
internal static class BenchmarkMachine
{
    public static Dictionary<string, object> Describe() => new()
    {
        ["cpu"] = CpuModel(),
        ["logical_cores"] = Environment.ProcessorCount,
        ["os"] = RuntimeInformation.OSDescription,
        ["dotnet"] = RuntimeInformation.FrameworkDescription,
        ["torchsharp"] = Version(typeof(torch).Assembly),
        ["mlnet"] = Version(typeof(MLContext).Assembly),
        ["torch_threads"] = torch.get_num_threads(),
        ["cuda_available"] = torch.cuda.is_available(),
    };

    /// <summary><see cref="Describe"/> plus the load average now (key <c>load_average_at_end</c>), for reports written at the end of a run.</summary>
    public static Dictionary<string, object> DescribeAtEnd()
    {
        var machine = Describe();
        machine["load_average_at_end"] = LoadAverage();
        return machine;
    }

    /// <summary>The CPU model name from /proc/cpuinfo, or "unknown".</summary>
    public static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    /// <summary>The 1, 5 and 15 minute load averages and running/total tasks (/proc/loadavg), or "n/a".</summary>
    public static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    /// <summary>The package version (informational version without the source-revision suffix).</summary>
    private static string Version(Assembly assembly)
    {
        string? version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return version is null ? assembly.GetName().Version?.ToString() ?? "?" : version.Split('+')[0];
    }
}
