// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.Sparse.Engine.Core.LinkPrediction;

/// <summary>
/// The inner loops of the sparse CH scoring: scatter-adds into a dense row accumulator, with or without marking the
/// touched positions in a bit set, and the walks that read the accumulator back and reset it. The untracked forms
/// are for rows whose work is comparable to the accumulator length (a full scan is then cheaper than the marks, whose
/// read-modify-write on one word serialises neighbouring indices); the tracked forms for sparse rows.
/// </summary>
internal static unsafe class ScatterKernels
{
    /// <summary>Words of a bit set over <paramref name="length"/> positions.</summary>
    public static int Words(int length) => (length + 63) >> 6;

    /// <summary>counts[i]++ for the <paramref name="n"/> given indices.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Count(int* indices, int n, int* counts)
    {
        int t = 0;
        for (; t <= n - 4; t += 4)
        {
            counts[indices[t]]++;
            counts[indices[t + 1]]++;
            counts[indices[t + 2]]++;
            counts[indices[t + 3]]++;
        }
        for (; t < n; t++)
            counts[indices[t]]++;
    }

    /// <summary>counts[i]++ for the given indices, marking each i in <paramref name="touched"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CountTracked(int* indices, int n, int* counts, ulong* touched)
    {
        for (int t = 0; t < n; t++)
        {
            int i = indices[t];
            counts[i]++;
            touched[i >> 6] |= 1UL << i;
        }
    }

    /// <summary>sums[i] += <paramref name="weight"/> for the <paramref name="n"/> given (distinct) indices.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(int* indices, int n, double weight, double* sums)
    {
        int t = 0;
        for (; t <= n - 4; t += 4)
        {
            sums[indices[t]] += weight;
            sums[indices[t + 1]] += weight;
            sums[indices[t + 2]] += weight;
            sums[indices[t + 3]] += weight;
        }
        for (; t < n; t++)
            sums[indices[t]] += weight;
    }

    /// <summary>sums[i] += <paramref name="weight"/> for the given indices, marking each i.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddTracked(int* indices, int n, double weight, double* sums, ulong* touched)
    {
        for (int t = 0; t < n; t++)
        {
            int i = indices[t];
            sums[i] += weight;
            touched[i >> 6] |= 1UL << i;
        }
    }

    /// <summary>
    /// sums[indices[t]] += values[t] for t &lt; <paramref name="n"/> (distinct indices). Four values are widened to
    /// double at once: the scalar float-to-double conversion the JIT emits merges into its target register, which
    /// chains every conversion to the previous one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(int* indices, float* values, int n, double* sums)
    {
        int t = 0;
        for (; t <= n - 4; t += 4)
        {
            var (low, high) = Vector128.Widen(Vector128.Load(values + t));
            sums[indices[t]] += low.ToScalar();
            sums[indices[t + 1]] += low.GetElement(1);
            sums[indices[t + 2]] += high.ToScalar();
            sums[indices[t + 3]] += high.GetElement(1);
        }
        for (; t < n; t++)
            sums[indices[t]] += values[t];
    }

    /// <summary>sums[indices[t]] += values[t], marking each index.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddTracked(int* indices, float* values, int n, double* sums, ulong* touched)
    {
        for (int t = 0; t < n; t++)
        {
            int i = indices[t];
            sums[i] += values[t];
            touched[i >> 6] |= 1UL << i;
        }
    }

    /// <summary>sums[i] += <paramref name="weight"/> · factors[i] for the <paramref name="n"/> given (distinct) indices.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaled(int* indices, int n, double weight, float* factors, double* sums)
    {
        int t = 0;
        for (; t <= n - 4; t += 4)
        {
            int i0 = indices[t], i1 = indices[t + 1], i2 = indices[t + 2], i3 = indices[t + 3];
            sums[i0] += weight * factors[i0];
            sums[i1] += weight * factors[i1];
            sums[i2] += weight * factors[i2];
            sums[i3] += weight * factors[i3];
        }
        for (; t < n; t++)
            sums[indices[t]] += weight * factors[indices[t]];
    }

    /// <summary>sums[i] += <paramref name="weight"/> · factors[i] for the given indices, marking each i.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaledTracked(int* indices, int n, double weight, float* factors, double* sums, ulong* touched)
    {
        for (int t = 0; t < n; t++)
        {
            int i = indices[t];
            sums[i] += weight * factors[i];
            touched[i >> 6] |= 1UL << i;
        }
    }

    /// <summary>
    /// Moves the nonzero counts to (<paramref name="positions"/>, <paramref name="values"/>) in increasing position
    /// and zeroes them: every position when <paramref name="touched"/> is null, else the marked ones (marks cleared).
    /// Returns how many were moved.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Drain(int* counts, int length, ulong* touched, int* positions, int* values)
    {
        int m = 0;
        if (touched == null)
        {
            for (int i = 0; i < length; i++)
            {
                int c = counts[i];
                if (c != 0)
                {
                    positions[m] = i;
                    values[m++] = c;
                    counts[i] = 0;
                }
            }
            return m;
        }
        int words = Words(length);
        for (int w = 0; w < words; w++)
        {
            ulong bits = touched[w];
            if (bits == 0)
                continue;
            touched[w] = 0;
            do
            {
                int i = (w << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                positions[m] = i;
                values[m++] = counts[i];
                counts[i] = 0;
            }
            while (bits != 0);
        }
        return m;
    }

    /// <summary>
    /// Moves every nonzero sum, as float32, to (<paramref name="positions"/>, <paramref name="values"/>) in increasing
    /// position and zeroes it: every position when <paramref name="touched"/> is null, else the marked ones (marks
    /// cleared). Returns how many were moved. The full scan writes without branching, so
    /// <paramref name="positions"/> and <paramref name="values"/> need room for <paramref name="length"/> entries
    /// when <paramref name="touched"/> is null; with marks, for the number of nonzero sums.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Drain(double* sums, int length, ulong* touched, int* positions, float* values)
    {
        int m = 0;
        if (touched == null)
        {
            for (int v = 0; v < length; v++)
            {
                double s = sums[v];
                positions[m] = v;
                values[m] = (float)s;
                sums[v] = 0;
                m += s != 0 ? 1 : 0;
            }
            return m;
        }
        int words = Words(length);
        for (int w = 0; w < words; w++)
        {
            ulong bits = touched[w];
            if (bits == 0)
                continue;
            touched[w] = 0;
            do
            {
                int v = (w << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                double s = sums[v];
                if (s != 0)
                {
                    positions[m] = v;
                    values[m++] = (float)s;
                    sums[v] = 0;
                }
            }
            while (bits != 0);
        }
        return m;
    }
}
