// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Torch.LinkPrediction;

/// <summary>SET regrowth: i.i.d. uniform scores in (0, 1) on non-links (0 at links); their top-k is a uniform random subset.</summary>
internal static class RandomLinkPredictor
{
    public static Tensor Score(Tensor mask, Generator generator)
    {
        using var scope = NewDisposeScope();
        var scores = rand(mask.shape, dtype: ScalarType.Float32, device: mask.device, generator: generator).clamp_min_(1e-12);
        return scores.masked_fill_(mask, 0).MoveToOuterDisposeScope();
    }
}
