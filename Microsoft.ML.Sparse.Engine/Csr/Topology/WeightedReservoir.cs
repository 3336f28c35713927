// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;

namespace Microsoft.ML.Sparse.Engine.Csr.Topology;

/// <summary>
/// Weighted sampling without replacement of k of n items in one pass, drawing random numbers only at the O(k·log(n/k))
/// items that enter the reservoir (Efraimidis and Spirakis 2006, algorithm A-ExpJ). The sample has the law of
/// successive draws with p ∝ weight among the items not drawn yet, the same law as Gumbel-top-k on log weight
/// (the soft regrowth rule), at a fraction of its cost when k ≪ n: the other items cost one subtraction each.
/// Keys are kept as log(u)/w, so large and small weights stay exact. Deterministic for a given random stream.
/// </summary>
internal static class WeightedReservoir
{
    /// <summary>Indices of <paramref name="k"/> distinct items with positive weight, in no particular order.</summary>
    /// <param name="weights">Weight per item (items with weight ≤ 0 or NaN are never drawn).</param>
    /// <param name="k">How many to draw (at most the number of positive weights).</param>
    /// <param name="random">Random stream.</param>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than <paramref name="k"/> items have a positive weight.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int[] Sample(ReadOnlySpan<float> weights, int k, SplitMixRandom random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (k == 0)
            return Array.Empty<int>();
        var heapKeys = new double[k];
        var heapItems = new int[k];
        int filled = 0, i = 0;
        for (; i < weights.Length && filled < k; i++)
        {
            double w = weights[i];
            if (!(w > 0))
                continue;
            Push(heapKeys, heapItems, filled++, Math.Log(Open(random)) / w, i);
        }
        if (filled < k)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"Only {filled} of {weights.Length} items have a positive weight.");
        double skip = Math.Log(Open(random)) / heapKeys[0];
        for (; i < weights.Length; i++)
        {
            double w = weights[i];
            if (!(w > 0))
                continue;
            skip -= w;
            if (skip > 0)
                continue;
            // The item enters: its key is drawn from the part of its distribution above the current threshold.
            double threshold = Math.Exp(heapKeys[0] * w), u = threshold + (1 - threshold) * Open(random);
            ReplaceMinimum(heapKeys, heapItems, Math.Log(u) / w, i);
            skip = Math.Log(Open(random)) / heapKeys[0];
        }
        return heapItems;
    }

    /// <summary>A uniform draw in (0, 1).</summary>
    private static double Open(SplitMixRandom random) => ((random.NextUInt64() >> 11) + 0.5) * (1.0 / (1UL << 53));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Push(double[] keys, int[] items, int count, double key, int item)
    {
        int c = count;
        while (c > 0)
        {
            int parent = (c - 1) / 2;
            if (!Before(key, item, keys[parent], items[parent]))
                break;
            keys[c] = keys[parent];
            items[c] = items[parent];
            c = parent;
        }
        keys[c] = key;
        items[c] = item;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReplaceMinimum(double[] keys, int[] items, double key, int item)
    {
        int n = keys.Length, c = 0;
        while (true)
        {
            int child = 2 * c + 1;
            if (child >= n)
                break;
            if (child + 1 < n && Before(keys[child + 1], items[child + 1], keys[child], items[child]))
                child++;
            if (!Before(keys[child], items[child], key, item))
                break;
            keys[c] = keys[child];
            items[c] = items[child];
            c = child;
        }
        keys[c] = key;
        items[c] = item;
    }

    // Min-heap order: the smaller key first, ties broken by the higher index (so the lower index is kept).
    private static bool Before(double keyA, int itemA, double keyB, int itemB) => keyA < keyB || (keyA == keyB && itemA > itemB);
}
