// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse;

/// <summary>How the sparse layers of a network are trained.</summary>
public enum SparseTrainingMethod
{
    /// <summary>
    /// Cannistraci-Hebb soft rule (CHTs, arXiv 2501.19107): soft link removal
    /// (<c>SparseTopologyOptions.Removal</c>), neuron percolation, and regrowth guided by the
    /// node-based CH link predictor (<c>SparseTopologyOptions.Predictor</c>) at a fixed density.
    /// </summary>
    Chts,

    /// <summary>
    /// CHTs with sigmoid gradual density decay (CHTss): training starts at
    /// <c>SparseTopologyOptions.InitialDensity</c> and every topology round of the decay phase first
    /// prunes to the sigmoid schedule's density by relative importance, until
    /// <c>SparseTopologyOptions.Density</c> is reached.
    /// </summary>
    Chtss,

    /// <summary>Sparse Evolutionary Training baseline: hard magnitude removal and uniformly random regrowth.</summary>
    Set,

    /// <summary>RigL baseline: hard magnitude removal and regrowth of the links with the largest dense gradient magnitude.</summary>
    RigL,

    /// <summary>A fixed sparse topology (the initial mask) that never evolves.</summary>
    Static,

    /// <summary>Fully connected training: all masks are all-ones and no masking work is done.</summary>
    Dense,

    /// <summary>
    /// Gradual magnitude pruning baseline (Zhu &amp; Gupta 2017), decaying from
    /// <c>SparseTopologyOptions.InitialDensity</c> (default 50%, as the CHTs paper configures it) to
    /// <c>SparseTopologyOptions.Density</c> on the cubic schedule sparsity = s_i + (s_f − s_i)(1 − (1 − u)³): every
    /// topology round of the decay keeps the links with the largest |w|. No removal, no regrowth, no percolation.
    /// </summary>
    Gmp,

    /// <summary>
    /// GraNet baseline (Liu et al. 2021): the cubic gradual magnitude pruning of <see cref="Gmp"/> from
    /// <c>SparseTopologyOptions.InitialDensity</c>, plus, in every topology round, RigL's prune-and-regrow: ζ_t of the links
    /// removed by hard weight magnitude and as many regrown where the dense gradient is largest. No percolation.
    /// </summary>
    GraNet,
}
