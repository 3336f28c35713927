// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Torch.Sampling;

namespace Microsoft.ML.Sparse.Engine.Torch.Regrowth;

/// <summary>
/// Adds exactly <c>grow</c> new links at non-link positions from non-negative scores (new weights stay 0 because
/// masked weights are 0).
/// <list type="bullet">
/// <item>Soft (paper; MLP/Transformer code): sampled without replacement with p ∝ score (no temperature),
/// via Gumbel-top-k on log(score). If fewer than <c>grow</c> non-links have a positive score,
/// <see cref="RegrowthRule.Epsilon"/> is first added to every non-link's score (the reference code's rule), which is also how
/// neurons emptied by percolation can reconnect.</item>
/// <item>Top-k (LLaMA code): the highest scores; ties among zero-score non-links are broken uniformly at random.</item>
/// </list>
/// </summary>
internal static class LinkRegrowth
{
    /// <summary>The new mask: <paramref name="mask"/> plus exactly <paramref name="grow"/> links.</summary>
    public static Tensor Grow(Tensor mask, Tensor scores, long grow, RegrowthSelection selection, Generator generator)
    {
        using var scope = NewDisposeScope();
        long total = mask.numel();
        long free = total - mask.sum().ToInt64();
        if (grow < 0 || grow > free)
            throw new ArgumentOutOfRangeException(nameof(grow), grow, $"Cannot grow {grow} links with {free} free positions.");
        if (grow == 0)
            return mask.clone().MoveToOuterDisposeScope();
        var flatMask = mask.reshape(-1);
        var flatScores = scores.reshape(-1).to(ScalarType.Float32);
        Tensor chosen;
        if (selection == RegrowthSelection.Soft)
        {
            long positive = flatScores.gt(0).logical_and(flatMask.logical_not()).sum().ToInt64();
            if (positive < grow)
                flatScores = flatScores.add(RegrowthRule.Epsilon);
            var logWeights = flatScores.log().masked_fill_(flatMask, double.NegativeInfinity);
            chosen = GumbelTopK.Sample(logWeights, grow, generator);
        }
        else
        {
            // Zero-score candidates get random keys in [-1, -0.5): below every positive score, above every link.
            var tieBreak = rand(new[] { total }, dtype: ScalarType.Float32, device: mask.device, generator: generator).mul_(0.5).sub_(1);
            var keys = where(flatScores.gt(0), flatScores, tieBreak).masked_fill_(flatMask, double.NegativeInfinity);
            chosen = TopKIndices.Largest(keys, grow);
        }
        var grown = flatMask.clone().index_fill_(0, chosen, true);
        return grown.reshape(mask.shape).MoveToOuterDisposeScope();
    }
}
