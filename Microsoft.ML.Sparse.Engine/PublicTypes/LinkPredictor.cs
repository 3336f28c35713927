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

    /// <summary>
    /// Path-based CH2-L3p (the original CHT predictor family, paper App. C): for a candidate (u, v), the sum over every
    /// length-3 path u–a–b–v of sqrt((1 + di_a)(1 + di_b)) / sqrt((1 + de_a)(1 + de_b)), with the internal and external
    /// degrees of <see cref="CH2L3n"/>. Costs about one operation per length-3 path (O(N·d³)); computed on the CPU.
    /// </summary>
    CH2L3p,

    /// <summary>
    /// Path-based CH3-L3p ("CHTs-p" of the paper's MLP table): the sum over every length-3 path u–a–b–v of
    /// 1 / sqrt((1 + de_a)(1 + de_b)). Costs about one operation per length-3 path (O(N·d³)); computed on the CPU.
    /// </summary>
    CH3L3p,
}
