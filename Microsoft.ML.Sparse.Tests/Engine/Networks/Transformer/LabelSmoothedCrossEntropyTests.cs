// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Networks.Transformer;
using Microsoft.ML.Sparse.Engine.Torch.Runtime;

namespace Microsoft.ML.Sparse.Tests.Engine.Networks.Transformer;

[TestClass]
public sealed class LabelSmoothedCrossEntropyTests
{
    [TestMethod]
    public void MatchesHandComputedValueAndIgnoresPadding()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        // V = 4, pad = 0. Position 0: logits [0, 0, ln 2, ln 5] → p = [1, 1, 2, 5] / 9, gold = 3.
        //   nll = −log(5/9) = ln 1.8 = 0.5877867
        //   other non-pad classes {1, 2}: −log(1/9) − log(2/9) = ln 9 + ln 4.5 = 3.7013020
        //   ε = 0.2 → 0.8 · 0.5877867 + (0.2 / (4 − 2)) · 3.7013020 = 0.8403595
        // Position 1 has gold = pad and is ignored, whatever its logits.
        var logits = tensor(new float[] { 0, 0, MathF.Log(2), MathF.Log(5), 9, -3, 4, 1 }, new long[] { 1, 2, 4 });
        var target = tensor(new long[] { 3, 0 }, new long[] { 1, 2 });
        Assert.AreEqual(0.8403595293329447, LabelSmoothedCrossEntropy.Compute(logits, target, 0.2, 0).item<float>(), 1e-6);
        Assert.AreEqual(Math.Log(1.8), LabelSmoothedCrossEntropy.Compute(logits, target, 0.0, 0).item<float>(), 1e-6);
    }

    [TestMethod]
    public void AllPaddingGivesZeroAndBadSmoothingThrows()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var logits = randn(2, 5);
        Assert.AreEqual(0f, LabelSmoothedCrossEntropy.Compute(logits, zeros(2, dtype: ScalarType.Int64), 0.1, 0).item<float>());
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => LabelSmoothedCrossEntropy.Compute(logits, zeros(2, dtype: ScalarType.Int64), 1.0, 0));
    }
}
