// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// What this machine can do at most, measured in a second each: float FMA throughput (16 independent Vector&lt;float&gt;
/// FMA chains per thread, registers only) and memory bandwidth (a Vector&lt;float&gt; triad a[i] = b[i] + s·c[i] over three
/// 64 MB arrays, counted as 12 bytes per element), on 1 and N threads; best of three.
/// </summary>
internal static class MachineBounds
{
    /// <summary>Peak float FLOP/s (2 per FMA lane) on <paramref name="threads"/> threads.</summary>
    public static double Flops(int threads) => Best(() =>
    {
        const long iterations = 20_000_000;
        var watch = Stopwatch.StartNew();
        var sink = new float[threads];
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t => sink[t] = FmaChains(iterations));
        return iterations * 16.0 * Vector<float>.Count * 2 * threads / watch.Elapsed.TotalSeconds;
    });

    /// <summary>Memory bandwidth in bytes/s on <paramref name="threads"/> threads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Bandwidth(int threads)
    {
        const int n = 16 << 20;
        var a = new float[n];
        var b = Enumerable.Repeat(1f, n).ToArray();
        var c = Enumerable.Repeat(2f, n).ToArray();
        return Best(() =>
        {
            var watch = Stopwatch.StartNew();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                int vc = Vector<float>.Count, start = (int)((long)n * t / threads / vc * vc), end = (int)((long)n * (t + 1) / threads / vc * vc);
                var s = new Vector<float>(0.5f);
                for (int repeat = 0; repeat < 4; repeat++)
                    for (int i = start; i < end; i += vc)
                        (new Vector<float>(b, i) + s * new Vector<float>(c, i)).CopyTo(a, i);
            });
            return 4.0 * n * 12 / watch.Elapsed.TotalSeconds;
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float FmaChains(long iterations)
    {
        var x = new Vector<float>(0.999f);
        var y = new Vector<float>(0.001f);
        Vector<float> a0 = y, a1 = y, a2 = y, a3 = y, a4 = y, a5 = y, a6 = y, a7 = y;
        Vector<float> a8 = y, a9 = y, a10 = y, a11 = y, a12 = y, a13 = y, a14 = y, a15 = y;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector.FusedMultiplyAdd(a0, x, y); a1 = Vector.FusedMultiplyAdd(a1, x, y); a2 = Vector.FusedMultiplyAdd(a2, x, y); a3 = Vector.FusedMultiplyAdd(a3, x, y);
            a4 = Vector.FusedMultiplyAdd(a4, x, y); a5 = Vector.FusedMultiplyAdd(a5, x, y); a6 = Vector.FusedMultiplyAdd(a6, x, y); a7 = Vector.FusedMultiplyAdd(a7, x, y);
            a8 = Vector.FusedMultiplyAdd(a8, x, y); a9 = Vector.FusedMultiplyAdd(a9, x, y); a10 = Vector.FusedMultiplyAdd(a10, x, y); a11 = Vector.FusedMultiplyAdd(a11, x, y);
            a12 = Vector.FusedMultiplyAdd(a12, x, y); a13 = Vector.FusedMultiplyAdd(a13, x, y); a14 = Vector.FusedMultiplyAdd(a14, x, y); a15 = Vector.FusedMultiplyAdd(a15, x, y);
        }
        return Vector.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15);
    }

    private static double Best(Func<double> measure) => Enumerable.Range(0, 3).Max(_ => measure());
}
