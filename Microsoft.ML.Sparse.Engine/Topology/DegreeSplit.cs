// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Topology;

/// <summary>Splits a total number of links over nodes.</summary>
internal static class DegreeSplit
{
    /// <summary>
    /// Deterministic near-equal split: node i gets ⌊(i+1)·total/nodes⌋ − ⌊i·total/nodes⌋, i.e. ⌊k⌋ or ⌊k⌋+1 with
    /// the larger degrees spread evenly. The degrees sum to <paramref name="total"/>.
    /// </summary>
    public static long[] Even(long total, long nodes) =>
        Array.ConvertAll(Managed.ManagedDegreeSplit.Even(total, checked((int)nodes)), d => (long)d);
}
