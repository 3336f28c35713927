// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Inference;

namespace Microsoft.ML.Sparse.Tests.Inference;

[TestClass]
public sealed class DenseKernelAndActivationTests
{
    [TestMethod]
    public void DotMatchesNaiveForEveryLengthUpTo70()
    {
        var random = new Random(1);
        for (int n = 0; n <= 70; n++)
        {
            var a = CsrKernelTests.RandomVector(random, n);
            var b = CsrKernelTests.RandomVector(random, n);
            double expected = 0;
            for (int i = 0; i < n; i++)
                expected += (double)a[i] * b[i];
            Assert.AreEqual(expected, DenseKernels.Dot(a, b), 1e-5 * Math.Max(1, Math.Abs(expected)), $"length {n}");
        }
    }

    [TestMethod]
    public void DenseMultiplyAddMatchesHandValues()
    {
        var w = new DenseMatrix(2, 3, new float[] { 1, 2, 3, -1, 0, 0.5f });
        var y = new float[2];
        DenseKernels.MultiplyAdd(w, new float[] { 1, 1, 2 }, new float[] { 0.5f, -1 }, y);
        CollectionAssert.AreEqual(new[] { 9.5f, -1f }, y);
    }

    [TestMethod]
    public void DenseMatrixRejectsBadInput()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new DenseMatrix(2, 2, new float[3])).Message, "needs 4 values");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new DenseMatrix(1, 2, new[] { 1f, float.PositiveInfinity })).Message, "must be finite");
    }

    [TestMethod]
    public void ReluClampsNegativesKeepsPositivesAndNaNForEveryLength()
    {
        for (int n = 0; n <= 37; n++)
        {
            var values = Enumerable.Range(0, n).Select(i => i % 5 == 4 ? float.NaN : (i % 2 == 0 ? -i - 0.5f : i + 0.25f)).ToArray();
            var expected = values.Select(v => float.IsNaN(v) ? float.NaN : Math.Max(0f, v)).ToArray();
            Activations.ApplyInPlace(MlpActivation.Relu, values);
            for (int i = 0; i < n; i++)
                Assert.AreEqual(expected[i], values[i], $"length {n}, index {i}");
        }
    }

    [TestMethod]
    public void IdentityLeavesValuesUnchanged()
    {
        var values = new[] { -1f, 2f };
        Activations.ApplyInPlace(MlpActivation.Identity, values);
        CollectionAssert.AreEqual(new[] { -1f, 2f }, values);
        Assert.AreEqual(0f, Activations.Apply(MlpActivation.Relu, -3f));
        Assert.AreEqual(-3f, Activations.Apply(MlpActivation.Identity, -3f));
    }
}
