// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using System.Globalization;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// Resident memory of this process. On Linux the peak (VmHWM of /proc/self/status) can be reset by writing "5" to
/// /proc/self/clear_refs, which gives a peak per benchmark run; elsewhere the peak is the process's since start.
/// </summary>
internal static class ProcessMemory
{
    /// <summary>Collects garbage, then resets the peak to the current resident size. False when the peak cannot be reset.</summary>
    public static bool ResetPeak()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>Peak resident set size in bytes (VmHWM), or the process's peak working set where /proc is missing.</summary>
    public static long PeakBytes() => Status("VmHWM:") ?? Process.GetCurrentProcess().PeakWorkingSet64;

    /// <summary>Current resident set size in bytes (VmRSS), or the working set where /proc is missing.</summary>
    public static long CurrentBytes() => Status("VmRSS:") ?? Process.GetCurrentProcess().WorkingSet64;

    private static long? Status(string key)
    {
        try
        {
            string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            if (line is null)
                return null;
            var parts = line[key.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return long.Parse(parts[0], CultureInfo.InvariantCulture) * 1024;   // "kB"
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
