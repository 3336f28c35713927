// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;
using Microsoft.ML.Sparse.Engine.Core.Kernels;

namespace Microsoft.ML.Sparse.Engine.Csr.Initialization;

/// <summary>
/// Sampling of distinct positions without dense scratch, shared by the managed topology initialisations: a uniform
/// subset of [0, total) (sorted random draws with the duplicates redrawn, on the smaller of the subset and its
/// complement), a uniform subset of the positions not yet taken, and sorted flat indices to a <see cref="LinkPattern"/>.
/// </summary>
internal static class ManagedSampling
{
    /// <summary>
    /// Checks a layer shape and link count (1 ≤ rows, columns; 0 ≤ links ≤ rows · columns; links fits an int) and
    /// returns the link count as an int.
    /// </summary>
    public static int CheckLinks(int rows, int columns, long links)
    {
        if (rows < 1 || columns < 1)
            throw new ArgumentOutOfRangeException(nameof(rows), $"Layer shape must be positive, got {rows}x{columns}.");
        if (links < 0 || links > (long)rows * columns || links > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(links), links, $"A {rows}x{columns} layer holds between 0 and {(long)rows * columns} links (at most {int.MaxValue}).");
        return (int)links;
    }

    /// <summary>
    /// <paramref name="count"/> distinct integers drawn uniformly from [0, <paramref name="total"/>), sorted
    /// increasingly. Memory and time are O(min(count, total − count) + count), never O(total) beyond the output.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long[] Distinct(long total, int count, SplitMixRandom random)
    {
        if (total < 0 || count < 0 || count > total)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Cannot draw {count} distinct values from {total}.");
        if (count <= total - count)
            return SortedUnique(total, count, random);
        // Dense case: draw the (smaller) complement and enumerate the rest; total < 2 · count here.
        var excluded = SortedUnique(total, (int)(total - count), random);
        var chosen = new long[count];
        int e = 0, n = 0;
        for (long p = 0; p < total; p++)
        {
            if (e < excluded.Length && excluded[e] == p)
                e++;
            else
                chosen[n++] = p;
        }
        return chosen;
    }

    /// <summary>
    /// <paramref name="count"/> distinct positions drawn uniformly from the positions of [0, <paramref name="total"/>)
    /// that are not in <paramref name="taken"/> (sorted, distinct), sorted increasingly. O(|taken| + count) work.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long[] Outside(long total, ReadOnlySpan<long> taken, int count, SplitMixRandom random)
    {
        var ranks = Distinct(total - taken.Length, count, random);
        // The q-th free position (0-based) is q + the number of taken positions at or before it.
        int j = 0;
        for (int i = 0; i < ranks.Length; i++)
        {
            long p = ranks[i] + j;
            while (j < taken.Length && taken[j] <= p)
            {
                j++;
                p++;
            }
            ranks[i] = p;
        }
        return ranks;
    }

    /// <summary>The union of two sorted, disjoint arrays, sorted.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long[] Merge(ReadOnlySpan<long> a, ReadOnlySpan<long> b)
    {
        var merged = new long[a.Length + b.Length];
        int i = 0, j = 0, n = 0;
        while (i < a.Length && j < b.Length)
            merged[n++] = a[i] < b[j] ? a[i++] : b[j++];
        a[i..].CopyTo(merged.AsSpan(n));
        b[j..].CopyTo(merged.AsSpan(n + a.Length - i));
        return merged;
    }

    /// <summary>The pattern of increasing, distinct flat indices row · columns + column (no re-sorting).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static LinkPattern ToPattern(int rows, int columns, ReadOnlySpan<long> flat)
    {
        var pointers = new int[rows + 1];
        var cols = new int[flat.Length];
        for (int k = 0; k < flat.Length; k++)
        {
            pointers[flat[k] / columns + 1]++;
            cols[k] = (int)(flat[k] % columns);
        }
        for (int r = 0; r < rows; r++)
            pointers[r + 1] += pointers[r];
        return new LinkPattern(rows, columns, pointers, cols);
    }

    // Draw `count` uniform values, keep the distinct ones, draw again for the shortfall, until `count` are distinct.
    // The procedure commutes with every permutation of [0, total) and always returns `count` values, so every subset
    // is equally likely. With count ≤ total / 2 each round at least halves the shortfall on average. Sorted output.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long[] SortedUnique(long total, int count, SplitMixRandom random)
    {
        var result = new long[count];
        int have = 0;
        while (have < count)
        {
            var fresh = new long[count - have];
            for (int i = 0; i < fresh.Length; i++)
                fresh[i] = random.NextInt64(total);
            Array.Sort(fresh);
            var merged = new long[count];
            int n = 0, j = 0;
            foreach (long value in fresh)
            {
                while (j < have && result[j] < value)
                    merged[n++] = result[j++];
                if ((j < have && result[j] == value) || (n > 0 && merged[n - 1] == value))
                    continue;
                merged[n++] = value;
            }
            while (j < have)
                merged[n++] = result[j++];
            (result, have) = (merged, n);
        }
        return result;
    }
}
