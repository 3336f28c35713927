// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Torch.Sampling;

/// <summary>Deterministic selection helpers on 1-D score tensors.</summary>
internal static class TopKIndices
{
    /// <summary>Indices of the <paramref name="k"/> largest entries of a 1-D tensor (unsorted).</summary>
    public static Tensor Largest(Tensor scores, long k)
    {
        if (k < 0 || k > scores.shape[0])
            throw new ArgumentOutOfRangeException(nameof(k), k, $"Cannot take {k} of {scores.shape[0]} items.");
        if (k == 0)
            return empty(0, dtype: ScalarType.Int64, device: scores.device);
        using var scope = NewDisposeScope();
        return scores.topk(checked((int)k), sorted: false).indexes.MoveToOuterDisposeScope();
    }
}
