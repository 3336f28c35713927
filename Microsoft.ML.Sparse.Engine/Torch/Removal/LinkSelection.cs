// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Torch.Sampling;
using Microsoft.ML.Sparse.Engine.Torch.Topology;

namespace Microsoft.ML.Sparse.Engine.Torch.Removal;

/// <summary>
/// Chooses which existing links survive a removal step (the reference code samples the links to <em>keep</em>).
/// Hard: the <c>keep</c> links with the largest score. Soft: <c>keep</c> links sampled without replacement with
/// p ∝ score^T over the existing links only (Gumbel-top-k on T·log(score)); scores are floored at 1e-12 like the
/// LLaMA code, so links whose weight is exactly 0 can still be kept, while non-links never are.
/// </summary>
internal static class LinkSelection
{
    /// <summary>Returns the new mask holding exactly <paramref name="keep"/> of the links of <paramref name="mask"/>.</summary>
    public static Tensor Keep(Tensor mask, Tensor scores, long keep, bool soft, double temperature, Generator generator)
    {
        using var scope = NewDisposeScope();
        var links = MaskOps.LinkIndices(mask);
        long count = links.shape[0];
        if (keep < 0 || keep > count)
            throw new ArgumentOutOfRangeException(nameof(keep), keep, $"Cannot keep {keep} of {count} links.");
        if (keep == count)
            return mask.clone().MoveToOuterDisposeScope();
        var linkScores = scores.reshape(-1).index_select(0, links);
        var chosen = soft
            ? GumbelTopK.Sample(linkScores.clamp_min(RemovalRule.ScoreFloor).log_().mul_(temperature), keep, generator)
            : TopKIndices.Largest(linkScores, keep);
        var kept = links.index_select(0, chosen);
        return MaskOps.FromFlatIndices(kept, mask.shape[0], mask.shape[1], mask.device).MoveToOuterDisposeScope();
    }
}
