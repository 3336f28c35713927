// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Core.Kernels;

namespace Microsoft.ML.Sparse.Engine.Csr.Initialization;

/// <summary>
/// Bipartite small-world (BSW) initialisation (managed port of <c>BipartiteSmallWorldTopology</c>, after
/// <c>create_ws_sparse_scheduler</c> in the reference code). Ring lattice: every neuron i of the larger side (rows
/// when rows ≥ columns) gets k_i ∈ {⌊k⌋, ⌊k⌋+1} links (<see cref="DegreeSplit.Even"/>) to a contiguous window
/// of the smaller side centred at round(i·n_small/n_large) with wrap-around (window [c − ⌊k_i/2⌋, c − ⌊k_i/2⌋ + k_i − 1]).
/// Then every link is removed with probability β and as many links are added uniformly at random on the empty
/// positions (dropped positions included), so the link count stays exact. Work and scratch are O(links + n_large).
/// </summary>
internal static class CsrBipartiteSmallWorld
{
    /// <summary>The rewired ring lattice with exactly <paramref name="links"/> links.</summary>
    /// <param name="rows">Output neurons.</param>
    /// <param name="columns">Input neurons.</param>
    /// <param name="links">Number of links.</param>
    /// <param name="beta">Rewiring probability β ∈ [0, 1]; 0 keeps the ring lattice.</param>
    /// <param name="random">Source of the rewiring draws (unused when β = 0).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static LinkPattern Create(int rows, int columns, long links, double beta, SplitMixRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (double.IsNaN(beta) || beta < 0 || beta > 1)
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "BSW rewiring probability β must be in [0, 1].");
        var lattice = RingLattice(rows, columns, links);
        if (beta == 0)
            return lattice;
        var flat = lattice.ToFlatIndices(); // CSR order is increasing flat order
        int kept = 0;
        for (int k = 0; k < flat.Length; k++)
        {
            if (random.NextDouble() >= beta)
                flat[kept++] = flat[k];
        }
        int dropped = flat.Length - kept;
        if (dropped == 0)
            return lattice;
        var survivors = flat.AsSpan(0, kept);
        var added = ManagedSampling.Outside((long)rows * columns, survivors, dropped, random);
        return ManagedSampling.ToPattern(rows, columns, ManagedSampling.Merge(survivors, added));
    }

    /// <summary>The β = 0 ring lattice with exactly <paramref name="links"/> links.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static LinkPattern RingLattice(int rows, int columns, long links)
    {
        ManagedSampling.CheckLinks(rows, columns, links);
        bool rowsLarger = rows >= columns;
        int nLarge = rowsLarger ? rows : columns, nSmall = rowsLarger ? columns : rows;
        var degrees = DegreeSplit.Even(links, nLarge);
        var pointers = DegreeSplit.Pointers(degrees);
        var indices = new int[pointers[nLarge]];
        for (int i = 0; i < nLarge; i++)
        {
            long centre = (2L * i * nSmall + nLarge) / (2L * nLarge); // round(i·nSmall/nLarge), halves up
            long start = centre - degrees[i] / 2;
            var window = indices.AsSpan(pointers[i], degrees[i]);
            for (int t = 0; t < window.Length; t++)
                window[t] = (int)(((start + t) % nSmall + nSmall) % nSmall);
            window.Sort();
        }
        var pattern = new LinkPattern(nLarge, nSmall, pointers, indices);
        if (rowsLarger)
            return pattern;
        var (transposedPointers, transposedIndices) = pattern.Transpose();
        return new LinkPattern(rows, columns, transposedPointers, transposedIndices);
    }
}
