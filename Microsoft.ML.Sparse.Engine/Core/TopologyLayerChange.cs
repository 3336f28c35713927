// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Core;

/// <summary>Per-layer counts of one topology round (either back-end).</summary>
/// <param name="Removed">Links removed by the removal step.</param>
/// <param name="Pruned">Links removed with neurons that percolation emptied.</param>
/// <param name="Percolated">Further links lost to percolation after removal.</param>
/// <param name="Regrown">Links added by regrowth.</param>
/// <param name="Overlap">Regrown links that the round had just removed.</param>
internal readonly record struct TopologyLayerChange(long Removed, long Pruned, long Percolated, long Regrown, long Overlap)
{
    /// <summary>
    /// Whether the layer stops evolving after this round (<see cref="TopologySettings.EarlyStop"/>): more than
    /// <see cref="TopologySettings.EarlyStopOverlap"/> of the regrown links are links the round just removed.
    /// </summary>
    public bool StopsEvolution(TopologySettings options) =>
        options.EarlyStop && Regrown > 0 && (double)Overlap / Regrown > options.EarlyStopOverlap;
}
