// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse;

/// <summary>How links are spread over the neurons of the smaller side in the bipartite receptive field initialisation.</summary>
public enum BrfDegreeDistribution
{
    /// <summary>Every neuron gets ⌊k⌋ or ⌊k⌋ + 1 links (k = average degree), spread evenly. Default.</summary>
    Fixed,

    /// <summary>
    /// Every neuron gets one link and the remaining links are assigned to neurons uniformly at random (the
    /// reference code's "uniform"; the degrees are binomial-like, not uniform over a range).
    /// </summary>
    Uniform,
}
