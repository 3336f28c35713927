// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Networks.Transformer;

/// <summary>
/// Label-smoothed cross entropy as in OpenNMT: the target distribution puts 1 − ε on the gold token and
/// ε / (V − 2) on every other token except padding (which gets 0); positions whose gold token is padding are ignored.
/// Loss per position = −Σ_v q(v) log p(v); the result is the mean over non-padding positions.
/// With ε = 0 this is the ordinary negative log-likelihood.
/// </summary>
internal static class LabelSmoothedCrossEntropy
{
    /// <summary>Mean loss over the non-padding positions (0 if there are none).</summary>
    /// <param name="logits">[..., V] unnormalised scores.</param>
    /// <param name="target">[...] int64 gold ids, same leading shape.</param>
    /// <param name="smoothing">ε in [0, 1).</param>
    /// <param name="padId">Padding id (ignored as target, never receives smoothing mass).</param>
    public static Tensor Compute(Tensor logits, Tensor target, double smoothing, long padId)
    {
        if (smoothing is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(smoothing), $"Label smoothing must be in [0, 1), got {smoothing}.");
        long vocabulary = logits.shape[^1];
        if (vocabulary <= 2)
            throw new ArgumentException("Label smoothing needs a vocabulary of more than two tokens.");
        var logProbs = nn.functional.log_softmax(logits.reshape(-1, vocabulary), 1);
        var gold = target.reshape(-1);
        if (gold.shape[0] != logProbs.shape[0])
            throw new ArgumentException($"Targets [{string.Join(",", target.shape)}] do not match logits [{string.Join(",", logits.shape)}].");
        using var zero = 0L.ToScalar();
        var keep = AttentionMasks.NotPadding(gold, padId);
        var safeGold = gold.masked_fill(keep.logical_not(), zero); // any valid index; these rows are dropped below
        var nll = -logProbs.gather(1, safeGold.unsqueeze(1)).squeeze(1);
        Tensor perToken = nll;
        if (smoothing > 0)
        {
            // Σ_{v ∉ {gold, pad}} −log p(v) = (−Σ_v log p(v)) − (−log p(pad)) − (−log p(gold))
            var others = -logProbs.sum(1) + logProbs.select(1, padId) - nll;
            perToken = nll * (1.0 - smoothing) + others * (smoothing / (vocabulary - 2));
        }
        var mask = keep.to(perToken.dtype);
        return (perToken * mask).sum() / mask.sum().clamp_min(AttentionMasks.OneScalar);
    }
}
