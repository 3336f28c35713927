using Microsoft.ML.Sparse.Engine.Layers;
using Microsoft.ML.Sparse.Engine.Runtime;
using static TorchSharp.torch;

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
}
