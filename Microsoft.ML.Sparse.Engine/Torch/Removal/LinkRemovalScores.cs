// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core;

namespace Microsoft.ML.Sparse.Engine.Torch.Removal;

/// <summary>
/// Importance of existing links (higher = more worth keeping). Non-links score 0.
/// <list type="bullet">
/// <item>Weight magnitude: |W_ij|.</item>
/// <item>Relative importance (reference code <c>ri</c>): |W_ij| / (Σ_k |W_kj| + ε) + |W_ij| / (Σ_k |W_ik| + ε), ε = 1e-5;
/// the first sum runs over the column (all outputs fed by input j), the second over the row (all inputs of output i).</item>
/// </list>
/// </summary>
internal static class LinkRemovalScores
{
    public static Tensor WeightMagnitude(Tensor weight, Tensor mask)
    {
        using var scope = NewDisposeScope();
        return weight.detach().abs().to(ScalarType.Float32).mul_(mask).MoveToOuterDisposeScope();
    }

    public static Tensor RelativeImportance(Tensor weight, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var magnitude = WeightMagnitude(weight, mask);
        var columnSums = magnitude.sum(dim: 0, keepdim: true).add_(RemovalRule.RelativeImportanceEpsilon);
        var rowSums = magnitude.sum(dim: 1, keepdim: true).add_(RemovalRule.RelativeImportanceEpsilon);
        return magnitude.div(columnSums).add_(magnitude.div(rowSums)).MoveToOuterDisposeScope();
    }

    /// <summary>Score of the removal criterion (soft and hard variants share the score).</summary>
    public static Tensor For(LinkRemoval removal, Tensor weight, Tensor mask) => removal switch
    {
        LinkRemoval.WeightMagnitude or LinkRemoval.WeightMagnitudeSoft => WeightMagnitude(weight, mask),
        LinkRemoval.RelativeImportance or LinkRemoval.RelativeImportanceSoft => RelativeImportance(weight, mask),
        _ => throw new ArgumentOutOfRangeException(nameof(removal), removal, "Unknown link removal."),
    };

}
