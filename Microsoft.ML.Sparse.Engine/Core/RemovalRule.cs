// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.


namespace Microsoft.ML.Sparse.Engine.Core;

/// <summary>
/// The link-removal rule's constants and kinds, shared by the CSR round (<c>Csr.Topology.CsrLinkRemoval</c>) and the
/// TorchSharp round (<c>Torch.Removal.LinkRemovalScores</c>, <c>Torch.Removal.LinkSelection</c>).
/// </summary>
internal static class RemovalRule
{
    /// <summary>ε of relative importance: |W_ij| / (Σ_k |W_kj| + ε) + |W_ij| / (Σ_k |W_ik| + ε) (reference code <c>ri</c>).</summary>
    public const double RelativeImportanceEpsilon = 1e-5;

    /// <summary>Scores are floored here before the soft rule takes their logarithm (the LLaMA code's floor), so links whose weight is exactly 0 can still be kept.</summary>
    public const double ScoreFloor = 1e-12;

    /// <summary>Whether the removal samples the kept links (soft rule) rather than keeping the top ones.</summary>
    public static bool IsSoft(LinkRemoval removal) =>
        removal is LinkRemoval.WeightMagnitudeSoft or LinkRemoval.RelativeImportanceSoft;
}
