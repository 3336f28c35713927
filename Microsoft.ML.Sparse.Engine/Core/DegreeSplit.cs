// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Core;

/// <summary>Splits a total number of links over nodes (both back-ends' BRF and BSW initialisations).</summary>
internal static class DegreeSplit
{
    /// <summary>
    /// Deterministic near-equal split: node i gets ⌊(i+1)·total/nodes⌋ − ⌊i·total/nodes⌋, i.e. ⌊k⌋ or ⌊k⌋+1 with
    /// the larger degrees spread evenly. The degrees sum to <paramref name="total"/>.
    /// </summary>
    public static int[] Even(long total, int nodes)
    {
        if (nodes <= 0)
            throw new ArgumentOutOfRangeException(nameof(nodes));
        if (total < 0 || total > (long)nodes * int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(total), total, "The total must be non-negative and leave every degree within an int.");
        var degrees = new int[nodes];
        for (int i = 0; i < nodes; i++)
            degrees[i] = (int)((Int128)(i + 1) * total / nodes - (Int128)i * total / nodes);
        return degrees;
    }

    /// <summary>The same split as <see cref="Even"/> with <see cref="long"/> degrees (for tensors).</summary>
    public static long[] EvenLong(long total, long nodes) => Array.ConvertAll(Even(total, checked((int)nodes)), d => (long)d);

    /// <summary>CSR-style pointers of the degrees: entry i is the sum of the first i degrees (length nodes + 1).</summary>
    public static int[] Pointers(ReadOnlySpan<int> degrees)
    {
        var pointers = new int[degrees.Length + 1];
        for (int i = 0; i < degrees.Length; i++)
            pointers[i + 1] = checked(pointers[i] + degrees[i]);
        return pointers;
    }
}
