// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Csr;

namespace Microsoft.ML.Sparse.Tests.Engine.Csr;

[TestClass]
public sealed class FeatureMajorKernelTests
{
    [TestMethod]
    [DataRow(5, 0.3)]
    [DataRow(32, 0.05)]
    [DataRow(45, 1.0)]
    public void ForwardAndBackwardEqualTheDenseFormulas(int batch, double density)
    {
        var random = new Random(batch);
        var layer = ManagedTestKit.RandomLayer("l", 13, 17, density, random);
        int stride = FeatureMajorKernels.StrideFor(batch);
        Assert.AreEqual(0, stride % FeatureMajorKernels.BlockWidth);
        var x = new float[17 * stride];
        var g = new float[13 * stride];
        for (int b = 0; b < batch; b++)
        {
            for (int c = 0; c < 17; c++)
                x[c * stride + b] = (float)ManagedTestKit.Gaussian(random);
            for (int r = 0; r < 13; r++)
                g[r * stride + b] = (float)ManagedTestKit.Gaussian(random);
        }
        var y = new float[13 * stride];
        var dx = new float[17 * stride];
        FeatureMajorKernels.Forward(layer, x, y, stride, relu: true);
        FeatureMajorKernels.Backward(layer, g, x, dx, stride);

        var w = ManagedTestKit.Dense(layer);
        for (int r = 0; r < 13; r++)
            for (int b = 0; b < batch; b++)
            {
                double sum = layer.Bias[r];
                for (int c = 0; c < 17; c++)
                    sum += w[r * 17 + c] * x[c * stride + b];
                Assert.AreEqual(Math.Max(0, sum), y[r * stride + b], 1e-4, $"y[{r},{b}]");
            }
        var p = layer.Pattern;
        for (int r = 0; r < 13; r++)
        {
            double biasGradient = 0;
            for (int b = 0; b < batch; b++)
                biasGradient += g[r * stride + b];
            Assert.AreEqual(biasGradient, layer.BiasGradients[r], 1e-4, $"bias gradient {r}");
            for (int k = p.RowPointers[r]; k < p.RowPointers[r + 1]; k++)
            {
                double dot = 0;
                for (int b = 0; b < batch; b++)
                    dot += g[r * stride + b] * x[p.ColumnIndices[k] * stride + b];
                Assert.AreEqual(dot, layer.Gradients[k], 1e-4, $"weight gradient at link {k}");
            }
        }
        for (int c = 0; c < 17; c++)
            for (int b = 0; b < stride; b++)
            {
                double sum = 0;
                for (int r = 0; r < 13; r++)
                    sum += w[r * 17 + c] * g[r * stride + b];
                Assert.AreEqual(sum, dx[c * stride + b], 1e-4, $"dx[{c},{b}]");
            }
    }

    [TestMethod]
    public void KernelsRejectStridesThatAreNotWholeBlocks()
    {
        var layer = ManagedTestKit.RandomLayer("l", 3, 4, 0.5, new Random(1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            FeatureMajorKernels.Forward(layer, new float[4 * 40], new float[3 * 40], 40, relu: false));
    }

    [TestMethod]
    public void ReluBackwardZeroesGradientsOfInactiveUnits()
    {
        var g = Enumerable.Range(1, 19).Select(i => (float)i).ToArray();
        var h = Enumerable.Range(0, 19).Select(i => i % 3 == 0 ? 0f : i % 3 == 1 ? 1f : -1f).ToArray();
        FeatureMajorKernels.ReluBackward(g, h);
        for (int i = 0; i < 19; i++)
            Assert.AreEqual(i % 3 == 1 ? i + 1 : 0, g[i], $"entry {i}");
    }
}
