// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// The CPU time of the calling thread in nanoseconds (Linux CLOCK_THREAD_CPUTIME_ID; elsewhere the wall clock). On a
/// machine shared with other jobs it counts only the time this thread ran, so single-threaded timings stay comparable
/// when the load changes (caches shared with other jobs still slow it down somewhat).
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ThreadCpuTimeId = 3;

    /// <summary>Whether the thread CPU clock is available (otherwise <see cref="Nanoseconds"/> reads the wall clock).</summary>
    public static bool Available { get; } = OperatingSystem.IsLinux() && Probe();

    /// <summary>Nanoseconds of CPU time of the calling thread (or of wall time when not <see cref="Available"/>).</summary>
    public static long Nanoseconds()
    {
        if (Available && ClockGetTime(ThreadCpuTimeId, out var t) == 0)
            return t.Seconds * 1_000_000_000 + t.Nanoseconds;
        return (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));
    }

    private static bool Probe()
    {
        try
        {
            return ClockGetTime(ThreadCpuTimeId, out _) == 0;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
