// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse;

/// <summary>The score that decides where new links are grown in a topology round.</summary>
public enum LinkPredictor
{
    /// <summary>
    /// Node-based Cannistraci-Hebb CH2-L3n: for a candidate link, the sum over the nodes of its length-3-path
    /// local community of (1 + internal degree) / (1 + external degree). The paper's default.
    /// </summary>
    CH2L3n,

    /// <summary>Node-based CH3-L3n: the sum over the local community of 1 / (1 + external degree).</summary>
    CH3L3n,

    /// <summary>Uniformly random scores (the SET baseline's regrowth).</summary>
    Random,

    /// <summary>Magnitude of the dense loss gradient at the candidate (the RigL baseline's regrowth).</summary>
    GradientMagnitude,
}
