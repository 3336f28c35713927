// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core;

namespace Microsoft.ML.Sparse.Engine.Torch.Topology;

/// <summary>
/// Bipartite small-world (BSW) initialisation, after <c>create_ws_sparse_scheduler</c> in the reference code.
/// Ring lattice: every neuron i of the larger side (rows when rows ≥ columns) gets k_i links, k_i ∈ {⌊k⌋, ⌊k⌋+1}
/// (<see cref="DegreeSplit.Even"/>), to a contiguous window of the smaller side centred at round(i·n_small/n_large)
/// with wrap-around (window [c − ⌊k_i/2⌋, c − ⌊k_i/2⌋ + k_i − 1]). Then every link is removed with probability β and
/// as many links are added uniformly at random on the empty positions, so the link count stays exact.
/// </summary>
internal static class BipartiteSmallWorldTopology
{
    public static Tensor Create(long rows, long columns, long links, double beta, Device device, Generator generator)
    {
        using var scope = NewDisposeScope();
        var mask = RingLattice(rows, columns, links, device);
        if (beta > 0)
        {
            var drop = mask.logical_and(rand(new[] { rows, columns }, device: device, generator: generator).lt(beta));
            long dropped = MaskOps.Count(drop);
            mask = mask.logical_and(drop.logical_not());
            if (dropped > 0)
            {
                var keys = rand(new[] { rows * columns }, device: device, generator: generator)
                    .masked_fill(mask.reshape(-1), -1.0);
                var added = keys.topk(checked((int)dropped), sorted: false).indexes;
                mask = mask.logical_or(MaskOps.FromFlatIndices(added, rows, columns, device));
            }
        }
        return mask.MoveToOuterDisposeScope();
    }

    /// <summary>The β = 0 ring lattice.</summary>
    public static Tensor RingLattice(long rows, long columns, long links, Device device)
    {
        bool rowsLarger = rows >= columns;
        long nLarge = rowsLarger ? rows : columns, nSmall = rowsLarger ? columns : rows;
        long[] degrees = DegreeSplit.EvenLong(links, nLarge);
        long maxDegree = degrees.Max();
        var index = new long[nLarge * maxDegree];
        var valid = new bool[nLarge * maxDegree];
        for (long i = 0; i < nLarge; i++)
        {
            long centre = (2 * i * nSmall + nLarge) / (2 * nLarge); // round(i·nSmall/nLarge), halves up
            long start = centre - degrees[i] / 2;
            for (long t = 0; t < maxDegree; t++)
            {
                index[i * maxDegree + t] = ((start + t) % nSmall + nSmall) % nSmall;
                valid[i * maxDegree + t] = t < degrees[i];
            }
        }
        using var scope = NewDisposeScope();
        var lattice = zeros(new[] { nLarge, nSmall }, dtype: ScalarType.Bool, device: device);
        lattice.scatter_(1, tensor(index, new[] { nLarge, maxDegree }, device: device), tensor(valid, new[] { nLarge, maxDegree }, device: device));
        var mask = rowsLarger ? lattice : lattice.t().contiguous();
        return mask.MoveToOuterDisposeScope();
    }
}
