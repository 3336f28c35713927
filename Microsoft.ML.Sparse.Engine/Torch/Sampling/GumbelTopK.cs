// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Torch.Sampling;

/// <summary>
/// Sampling without replacement through the Gumbel-top-k trick: the k largest of log w_i + G_i, with G_i
/// i.i.d. standard Gumbel, are distributed exactly as k successive draws without replacement with
/// p ∝ w (what <c>torch.multinomial(w, k, replacement=False)</c> does in the reference code). Working in log space
/// keeps w^T well defined for large temperatures T (no underflow of tiny weights).
/// </summary>
internal static class GumbelTopK
{
    // Smallest uniform draw used, so -log(-log(u)) stays finite.
    private const double MinUniform = 1e-20;

    /// <summary>Standard Gumbel noise of the given shape (float32, on <paramref name="device"/>).</summary>
    public static Tensor Noise(long[] shape, Device device, Generator generator)
    {
        using var scope = NewDisposeScope();
        var u = rand(shape, dtype: ScalarType.Float32, device: device, generator: generator).clamp_(MinUniform, 1.0 - 1e-7);
        return u.log_().neg_().log_().neg_().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Indices of <paramref name="k"/> entries of the 1-D <paramref name="logWeights"/> sampled without replacement
    /// with probability ∝ exp(logWeights). Entries at −∞ are never chosen as long as k does not exceed the number
    /// of finite entries (callers guarantee it).
    /// </summary>
    public static Tensor Sample(Tensor logWeights, long k, Generator generator)
    {
        if (logWeights.dim() != 1)
            throw new ArgumentException("Gumbel-top-k expects a 1-D tensor of log-weights.", nameof(logWeights));
        if (k < 0 || k > logWeights.shape[0])
            throw new ArgumentOutOfRangeException(nameof(k), k, $"Cannot sample {k} of {logWeights.shape[0]} items.");
        using var scope = NewDisposeScope();
        if (k == 0)
            return empty(0, dtype: ScalarType.Int64, device: logWeights.device).MoveToOuterDisposeScope();
        var keys = logWeights.to(ScalarType.Float32) + Noise(logWeights.shape, logWeights.device, generator);
        return keys.topk(checked((int)k), sorted: false).indexes.MoveToOuterDisposeScope();
    }
}
