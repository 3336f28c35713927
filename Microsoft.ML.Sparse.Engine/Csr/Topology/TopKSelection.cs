// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;

namespace Microsoft.ML.Sparse.Engine.Csr.Topology;

/// <summary>
/// The k largest of n keys in O(n) expected time (quickselect with median-of-three pivots), under the total order
/// "larger key first, then lower index", so the result is deterministic even with ties. NaN keys are not allowed.
/// </summary>
internal static class TopKSelection
{
    /// <summary>Indices of the <paramref name="k"/> largest keys, in no particular order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int[] Largest(ReadOnlySpan<double> keys, int k)
    {
        int n = keys.Length;
        if (k < 0 || k > n)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"Cannot take {k} of {n} items.");
        var index = new int[n];
        for (int i = 0; i < n; i++)
            index[i] = i;
        if (k == 0 || k == n)
            return k == 0 ? Array.Empty<int>() : index;
        int low = 0, high = n - 1;
        while (low < high)
        {
            int p = Partition(keys, index, low, high);
            if (p == k - 1)
                break;
            if (p < k - 1)
                low = p + 1;
            else
                high = p - 1;
        }
        return index.AsSpan(0, k).ToArray();
    }

    // a comes before b
    private static bool Before(ReadOnlySpan<double> keys, int a, int b) => keys[a] > keys[b] || (keys[a] == keys[b] && a < b);

    // Lomuto partition around a median-of-three pivot; returns the pivot's final position.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Partition(ReadOnlySpan<double> keys, int[] index, int low, int high)
    {
        int mid = low + (high - low) / 2;
        if (Before(keys, index[mid], index[low]))
            (index[mid], index[low]) = (index[low], index[mid]);
        if (Before(keys, index[high], index[low]))
            (index[high], index[low]) = (index[low], index[high]);
        if (Before(keys, index[high], index[mid]))
            (index[high], index[mid]) = (index[mid], index[high]);
        (index[mid], index[high]) = (index[high], index[mid]);
        int pivot = index[high], store = low;
        for (int i = low; i < high; i++)
        {
            if (Before(keys, index[i], pivot))
            {
                (index[i], index[store]) = (index[store], index[i]);
                store++;
            }
        }
        (index[store], index[high]) = (index[high], index[store]);
        return store;
    }
}
