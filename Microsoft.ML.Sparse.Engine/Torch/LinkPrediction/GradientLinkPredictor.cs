// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Torch.LinkPrediction;

/// <summary>RigL regrowth: |∂L/∂W| of the dense gradient captured before masking, 0 at existing links.</summary>
internal static class GradientLinkPredictor
{
    public static Tensor Score(Tensor mask, Tensor denseGradient)
    {
        if (!denseGradient.shape.SequenceEqual(mask.shape))
            throw new ArgumentException("The captured gradient does not have the layer's shape.", nameof(denseGradient));
        using var scope = NewDisposeScope();
        return denseGradient.abs().to(ScalarType.Float32).masked_fill_(mask, 0).MoveToOuterDisposeScope();
    }
}
