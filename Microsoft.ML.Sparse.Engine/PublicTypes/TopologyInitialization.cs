// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse;

/// <summary>How the initial sparse masks are built. Every variant produces exactly the target number of links.</summary>
public enum TopologyInitialization
{
    /// <summary>Erdős–Rényi: the links are a uniformly random subset of all positions.</summary>
    ErdosRenyi,

    /// <summary>
    /// Bipartite small-world: a ring lattice (each neuron of the larger side linked to a window of the smaller
    /// side around its scaled position) whose links are rewired at random with probability
    /// <c>SparseTopologyOptions.BswBeta</c>.
    /// </summary>
    BipartiteSmallWorld,

    /// <summary>
    /// Bipartite receptive field (the paper's proposal): each neuron of the smaller side draws its links
    /// near its diagonal position with probability decaying with distance; <c>SparseTopologyOptions.BrfRandomness</c>
    /// moves it from a deterministic band (0) to Erdős–Rényi (1).
    /// </summary>
    BipartiteReceptiveField,

    /// <summary>
    /// Correlated sparse topological initialisation (CSTI): keeps the positions with the largest absolute Pearson
    /// correlation between input features. Every sparse layer takes the top-left [out, in] block of the feature
    /// correlation matrix tiled to cover it (the reference code's rule for hidden layers). Requires the input
    /// correlation matrix.
    /// </summary>
    Correlated,
}
