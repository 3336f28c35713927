// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Networks;
using Microsoft.ML.Sparse.Engine.Torch.Runtime;

namespace Microsoft.ML.Sparse.Tests.Engine;

[TestClass]
public sealed class InputStandardizationTests
{
    // Two rows of four features: 0..3 and 4..7.
    private static readonly float[] Rows = { 0, 1, 2, 3, 4, 5, 6, 7 };

    [TestMethod]
    public void GlobalUsesOneMeanAndStdOverAllValues()
    {
        var s = InputStandardization.Fit(FeatureStandardization.Global, Rows, rows: 2, featureCount: 4)!;
        Assert.HasCount(1, s.Mean);
        Assert.AreEqual(3.5f, s.Mean[0], 1e-6f);
        Assert.AreEqual((float)Math.Sqrt(5.25), s.Std[0], 1e-6f); // population variance of 0..7
    }

    [TestMethod]
    public void PerFeatureUsesColumnStatisticsAndOnlyCentresConstantColumns()
    {
        float[] rows = { 0, 1, 9, 3, 4, 5, 9, 7 };
        var s = InputStandardization.Fit(FeatureStandardization.PerFeature, rows, rows: 2, featureCount: 4)!;
        CollectionAssert.AreEqual(new float[] { 2, 3, 9, 5 }, s.Mean);
        CollectionAssert.AreEqual(new float[] { 2, 2, 1, 2 }, s.Std);
    }

    [TestMethod]
    public void NoneGivesNoMap() => Assert.IsNull(InputStandardization.Fit(FeatureStandardization.None, Rows, 2, 4));

    [TestMethod]
    public void ApplyInPlaceStandardisesTheTensor()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var s = InputStandardization.Fit(FeatureStandardization.PerFeature, Rows, 2, 4)!;
        var x = tensor(Rows, new long[] { 2, 4 });
        s.ApplyInPlace(x);
        CollectionAssert.AreEqual(new float[] { -1, -1, -1, -1, 1, 1, 1, 1 }, x.data<float>().ToArray());
    }

    [TestMethod]
    [DataRow(FeatureStandardization.Global)]
    [DataRow(FeatureStandardization.PerFeature)]
    public void FoldingIntoTheFirstLayerGivesTheSameOutputsOnRawFeaturesAndKeepsTheMask(FeatureStandardization mode)
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        torch.random.manual_seed(3);
        const int features = 6;
        var raw = (rand(40, features) * tensor(new float[] { 1, 10, 100, 0.5f, 3, 7 }) + tensor(new float[] { 0, -5, 50, 2, 0, 1 })).contiguous();
        var values = raw.data<float>().ToArray();
        var s = InputStandardization.Fit(mode, values, 40, features)!;
        using var network = new SparseMlpNetwork(features, new[] { 8, 5 }, 3, sparseOutputLayer: false, dropout: 0, CPU);
        var first = network.Layers[0];
        first.SetMask(rand(8, features) < 0.5);
        var maskBefore = first.Mask.clone();
        long linksBefore = first.ActiveLinks;

        var standardised = raw.clone();
        s.ApplyInPlace(standardised);
        network.eval();
        var expected = network.forward(standardised).data<float>().ToArray();
        network.FoldInputStandardization(s);
        var actual = network.forward(raw).data<float>().ToArray();

        for (int i = 0; i < expected.Length; i++)
            Assert.AreEqual(expected[i], actual[i], 1e-4 * Math.Max(1, Math.Abs(expected[i])), $"output {i}");
        Assert.AreEqual(linksBefore, first.ActiveLinks);
        Assert.IsTrue(first.Mask.eq(maskBefore).all().ToBoolean());
        Assert.AreEqual(0f, first.Weight.masked_select(first.Mask.logical_not()).abs().sum().ToSingle(), "masked weights stay 0");
    }
}
