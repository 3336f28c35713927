// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Torch.LinkPrediction;

/// <summary>Dispatches a <see cref="LinkPredictor"/> to its implementation.</summary>
internal static class LinkScores
{
    /// <summary>Non-negative float32 scores [out, in], zero at existing links.</summary>
    public static Tensor Compute(LinkPredictor predictor, Tensor mask, Tensor? denseGradient, Generator generator) => predictor switch
    {
        LinkPredictor.CH2L3n or LinkPredictor.CH3L3n => ChLinkPredictor.Score(mask, predictor),
        LinkPredictor.CH2L3p or LinkPredictor.CH3L3p => PathChLinkPredictor.Score(mask, predictor),
        LinkPredictor.Random => RandomLinkPredictor.Score(mask, generator),
        LinkPredictor.GradientMagnitude => GradientLinkPredictor.Score(mask, denseGradient
            ?? throw new InvalidOperationException("Gradient-magnitude regrowth needs the dense gradient captured in BeforeOptimizerStep on the round step.")),
        _ => throw new ArgumentOutOfRangeException(nameof(predictor), predictor, "Unknown link predictor."),
    };
}
