// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Core.Kernels;
using Microsoft.ML.Sparse.Engine.Csr;

namespace Microsoft.ML.Sparse.Tests.Engine.Csr;

/// <summary>
/// No subnormal float leaves the managed step's kernels (they cost about a hundred normal operations each on Intel
/// cores): a saturated softmax, tiny activations and gradients, and decaying optimizer moments are flushed to zero,
/// and only values below <see cref="FeatureMajorKernels.Negligible"/> are touched.
/// </summary>
[TestClass]
public sealed class SubnormalFlushTests
{
    [TestMethod]
    public void SaturatedSoftmaxGivesNoSubnormalGradient()
    {
        int stride = FeatureMajorKernels.StrideFor(2);
        var z = new float[3 * stride];
        // Column 0: logits 0, 95, 40 -> softmax = e^-95 ≈ 5e-42 (subnormal as a float) and e^-55; column 1: ordinary logits.
        z[0] = 0; z[stride] = 95; z[2 * stride] = 40;
        z[1] = 0.5f; z[stride + 1] = -0.25f; z[2 * stride + 1] = 1;
        var gradient = new float[3 * stride];
        double loss = FeatureMajorLoss.Compute(MlpLoss.CrossEntropy, z, 3, stride, 2, new[] { 1, 2 }, default, gradient, 0.5f, out _);
        Assert.IsTrue(double.IsFinite(loss));
        Assert.IsFalse(gradient.Any(float.IsSubnormal), "a subnormal gradient entry was written");
        Assert.AreEqual(0f, gradient[0], "e^-95 / 2 is below the flush threshold");
        Assert.AreEqual((float)(Math.Exp(40 - 95) * 0.5), gradient[2 * stride], 1e-30, "small values above the threshold are kept");
        Assert.AreNotEqual(0f, gradient[2 * stride]);
        double sum = Math.Exp(0.5) + Math.Exp(-0.25) + Math.Exp(1);
        Assert.AreEqual((float)(Math.Exp(0.5) / sum * 0.5), gradient[1], 1e-7);
        Assert.AreEqual((float)((Math.Exp(1) / sum - 1) * 0.5), gradient[2 * stride + 1], 1e-7);
    }

    [TestMethod]
    public void ReluForwardAndBackwardFlushOnlyNegligibleValues()
    {
        var layer = new CsrTrainingLayer("l", LinkPattern.Full(4, 1), new[] { 1f, 1e-20f, -1f, 1f }, new float[4], evolves: true);
        int stride = FeatureMajorKernels.StrideFor(1);
        var x = new float[stride];
        x[0] = 1e-20f;
        var y = new float[4 * stride];
        FeatureMajorKernels.Forward(layer, x, y, stride, relu: true);
        Assert.AreEqual(1e-20f, y[0], "a small normal activation is kept");
        Assert.AreEqual(0f, y[stride], "1e-40 is flushed instead of being stored as a subnormal");
        Assert.AreEqual(0f, y[2 * stride]);
        Assert.IsFalse(y.Any(float.IsSubnormal));

        var g = new float[] { 1e-35f, 1e-20f, float.NaN, 3f, 2f, 1e-39f, 1e-29f, -1e-32f, 5f };
        var h = new float[] { 1f, 1f, 1f, 0f, -1f, 1f, 1f, 1f, 1f };
        FeatureMajorKernels.ReluBackward(g, h);
        CollectionAssert.AreEqual(new[] { 0f, 1e-20f, float.NaN, 0f, 0f, 0f, 1e-29f, 0f, 5f }, g);
    }

    [TestMethod]
    [DataRow(SparseOptimizer.Sgd)]
    [DataRow(SparseOptimizer.Adam)]
    public void OptimizerMomentsOfIdleLinksDecayToZeroNotToSubnormals(SparseOptimizer kind)
    {
        var layer = new CsrTrainingLayer("l", LinkPattern.Full(1, 9), Enumerable.Repeat(0.5f, 9).ToArray(), new float[1], evolves: true);
        var optimizer = new LinkOptimizer(kind, momentum: 0.5, weightDecay: 0, beta1: 0.5, beta2: 0.5);
        layer.Gradients.AsSpan().Fill(1f);
        optimizer.Step(new[] { layer }, 1e-3);
        Array.Clear(layer.Gradients);
        for (int step = 0; step < 300; step++)   // 0.5^300 would be far below the subnormal range
        {
            optimizer.Step(new[] { layer }, 1e-3);
            Assert.IsFalse(layer.Moment1!.Any(float.IsSubnormal) || (layer.Moment2?.Any(float.IsSubnormal) ?? false), $"subnormal moment at step {step}");
        }
        Assert.IsTrue(layer.Moment1!.All(m => m == 0), "the moments reached zero");
    }
}
