// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Torch.Layers;
using Microsoft.ML.Sparse.Engine.Torch.Runtime;

namespace Microsoft.ML.Sparse.Tests.Engine;

[TestClass]
public sealed class MaskedLinearTests
{
    [TestMethod]
    public void RegistersWeightBiasAndMaskUnderStableNames()
    {
        TorchRuntime.EnsureLoaded();
        using var layer = new MaskedLinear("l", 4, 3);
        CollectionAssert.AreEquivalent(new[] { "weight", "bias" }, layer.named_parameters().Select(p => p.name).ToArray());
        CollectionAssert.AreEquivalent(new[] { "mask" }, layer.named_buffers().Select(p => p.name).ToArray());
    }

    [TestMethod]
    public void SetMaskZeroesRemovedWeightsAndForwardUsesThem()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        using var layer = new MaskedLinear("l", 2, 2, hasBias: false);
        using (no_grad())
            layer.Weight.copy_(tensor(new float[] { 1, 2, 3, 4 }, new long[] { 2, 2 }));
        layer.SetMask(tensor(new[] { true, false, false, true }, new long[] { 2, 2 }));
        Assert.AreEqual(2L, layer.ActiveLinks);
        Assert.AreEqual(0.5, layer.Density, 1e-12);
        var y = layer.forward(tensor(new float[] { 1, 1 }, new long[] { 1, 2 }));
        CollectionAssert.AreEqual(new float[] { 1, 4 }, y.data<float>().ToArray());
    }

    [TestMethod]
    public void MaskValuesFollowTheMaskThroughSetMaskDirectWritesAndDtypeMoves()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        using var layer = new MaskedLinear("l", 3, 2);
        var pattern = new[] { true, false, true, false, false, true };
        layer.SetMask(tensor(pattern, new long[] { 2, 3 }));
        CollectionAssert.AreEqual(pattern.Select(b => b ? 1f : 0f).ToArray(), layer.MaskValues.data<float>().ToArray());

        // A state restore writes the mask buffer directly; RefreshMaskValues brings the cache back in step.
        using (no_grad())
            layer.Mask.copy_(tensor(new[] { false, true, true, true, false, false }, new long[] { 2, 3 }));
        layer.RefreshMaskValues();
        CollectionAssert.AreEqual(new float[] { 0, 1, 1, 1, 0, 0 }, layer.MaskValues.data<float>().ToArray());

        // Converting the module re-derives the cache in the weight's dtype.
        layer.to(ScalarType.Float64);
        Assert.AreEqual(ScalarType.Float64, layer.MaskValues.dtype);
        CollectionAssert.AreEqual(new double[] { 0, 1, 1, 1, 0, 0 }, layer.MaskValues.data<double>().ToArray());
        layer.ApplyMask();
        Assert.AreEqual(0.0, layer.Weight.detach()[0, 0].item<double>());
    }
}
