// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Torch.Initialization;
using Microsoft.ML.Sparse.Engine.Torch.Layers;
using Microsoft.ML.Sparse.Engine.Torch.Topology;

namespace Microsoft.ML.Sparse.Tests.Engine;

[TestClass]
public sealed class SparseWeightInitTests
{
    [TestMethod]
    [DataRow(SparseWeightInitialization.SwiFanIn, 0.2236068)]   // sqrt(2 / (0.1 * 400)) = sqrt(2/40)
    [DataRow(SparseWeightInitialization.SwiFanOut, 0.3162278)]  // sqrt(2 / (0.1 * 200)) = sqrt(2/20)
    [DataRow(SparseWeightInitialization.Kaiming, 0.0707107)]    // sqrt(2 / 400)
    public void NormalInitialisationsHaveTheEffectiveFanStandardDeviation(SparseWeightInitialization kind, double expectedStd)
    {
        EngineTestKit.Load();
        using var scope = NewDisposeScope();
        using var generator = new Generator(17);
        using var layer = new MaskedLinear("l", inFeatures: 400, outFeatures: 200);
        layer.SetMask(ErdosRenyiTopology.Create(200, 400, TargetLinkCount.For(200, 400, 0.1), CPU, generator));
        SparseWeightInit.Apply(layer, kind, generator);
        var active = layer.Weight.detach().masked_select(layer.Mask).to(ScalarType.Float64);
        Assert.AreEqual(8000L, active.numel());
        Assert.AreEqual(expectedStd, active.std().item<double>(), expectedStd * 0.03);
        Assert.AreEqual(0.0, active.mean().item<double>(), expectedStd * 0.05);
        Assert.AreEqual(0.0, layer.Weight.detach().masked_select(layer.Mask.logical_not()).abs().max().item<float>(), "masked weights are 0");
    }

    [TestMethod]
    public void XavierIsUniformWithinTheGlorotBound()
    {
        EngineTestKit.Load();
        using var scope = NewDisposeScope();
        using var generator = new Generator(2);
        using var layer = new MaskedLinear("l", inFeatures: 300, outFeatures: 100, sparse: true);
        SparseWeightInit.Apply(layer, SparseWeightInitialization.Xavier, generator);
        double bound = Math.Sqrt(6.0 / 400);
        var w = layer.Weight.detach().to(ScalarType.Float64);
        Assert.IsTrue(w.abs().max().item<double>() <= bound);
        Assert.AreEqual(bound / Math.Sqrt(3), w.std().item<double>(), bound * 0.02, "std of U(-b, b) is b/sqrt(3)");
    }
}
