// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse;

/// <summary>How links are chosen for removal in a topology round.</summary>
public enum LinkRemoval
{
    /// <summary>
    /// Soft weight magnitude (paper default, "WMs"): the links to keep are sampled without replacement with
    /// probability proportional to |w|^T, T being the removal temperature.
    /// </summary>
    WeightMagnitudeSoft,

    /// <summary>Soft relative importance ("RIs"): as <see cref="WeightMagnitudeSoft"/> with the relative-importance score.</summary>
    RelativeImportanceSoft,

    /// <summary>Hard weight magnitude: keep the links with the largest |w|.</summary>
    WeightMagnitude,

    /// <summary>
    /// Hard relative importance: keep the links with the largest
    /// |w_ij| / Σ_k |w_kj| + |w_ij| / Σ_k |w_ik|.
    /// </summary>
    RelativeImportance,
}
