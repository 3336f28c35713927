// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Inference;

namespace Microsoft.ML.Sparse.Tests.Inference;

[TestClass]
public sealed class CsrKernelTests
{
    /// <summary>Random CSR matrix with the given density; some rows forced empty, some full.</summary>
    internal static CsrMatrix RandomCsr(Random random, int rows, int columns, double density)
    {
        var pointers = new int[rows + 1];
        var indices = new List<int>();
        var values = new List<float>();
        for (int r = 0; r < rows; r++)
        {
            bool empty = r % 7 == 3, full = r % 11 == 5;
            for (int c = 0; c < columns; c++)
            {
                if (empty || !(full || random.NextDouble() < density))
                    continue;
                indices.Add(c);
                values.Add((float)(random.NextDouble() * 2 - 1));
            }
            pointers[r + 1] = indices.Count;
        }
        return CsrMatrix.Create(rows, columns, pointers, indices.ToArray(), values.ToArray());
    }

    internal static float[] RandomVector(Random random, int length) =>
        Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();

    /// <summary>W·x + b in double precision from the dense copy.</summary>
    private static double[] Naive(CsrMatrix w, float[] x, float[] bias)
    {
        var dense = w.ToDense();
        var y = new double[w.Rows];
        for (int r = 0; r < w.Rows; r++)
        {
            double sum = bias[r];
            for (int c = 0; c < w.Columns; c++)
                sum += (double)dense[(long)r * w.Columns + c] * x[c];
            y[r] = sum;
        }
        return y;
    }

    private static void AssertClose(double[] expected, float[] actual, string what)
    {
        Assert.HasCount(expected.Length, actual);
        for (int i = 0; i < expected.Length; i++)
            Assert.AreEqual(expected[i], actual[i], 1e-5 * Math.Max(1, Math.Abs(expected[i])), $"{what}, row {i}");
    }

    [TestMethod]
    [DataRow(1, 1, 1.0)]
    [DataRow(5, 3, 0.5)]
    [DataRow(17, 9, 0.9)]
    [DataRow(33, 13, 0.7)]
    [DataRow(64, 100, 0.3)]
    [DataRow(100, 1001, 0.05)]
    [DataRow(10, 4099, 0.2)]
    public void KernelsMatchNaiveProduct(int rows, int columns, double density)
    {
        var random = new Random(rows * 7919 + columns);
        var w = RandomCsr(random, rows, columns, density);
        var x = RandomVector(random, columns);
        var bias = RandomVector(random, rows);
        var expected = Naive(w, x, bias);

        var scalar = new float[rows];
        CsrKernels.MultiplyAddScalar(w, x, bias, scalar);
        AssertClose(expected, scalar, "scalar");

        var auto = new float[rows];
        CsrKernels.MultiplyAdd(w, x, bias, auto);
        AssertClose(expected, auto, "auto");

        if (CsrKernels.IsAvx2Available)
        {
            var avx = new float[rows];
            CsrKernels.MultiplyAddAvx2(w, x, bias, avx);
            AssertClose(expected, avx, "avx2");
        }
    }

    [TestMethod]
    public void EveryRowLengthFrom0To40IsCorrect()
    {
        // Row r has exactly r entries, covering every tail length of the 8- and 4-wide gathers.
        var random = new Random(3);
        int rows = 41, columns = 50;
        var pointers = new int[rows + 1];
        var indices = new List<int>();
        var values = new List<float>();
        for (int r = 0; r < rows; r++)
        {
            foreach (int c in Enumerable.Range(0, columns).OrderBy(_ => random.Next()).Take(r).Order())
            {
                indices.Add(c);
                values.Add((float)random.NextDouble());
            }
            pointers[r + 1] = indices.Count;
        }
        var w = CsrMatrix.Create(rows, columns, pointers, indices.ToArray(), values.ToArray());
        var x = RandomVector(random, columns);
        var bias = new float[rows];
        var expected = Naive(w, x, bias);
        var y = new float[rows];
        CsrKernels.MultiplyAdd(w, x, bias, y);
        AssertClose(expected, y, "auto");
        Assert.AreEqual(0f, y[0], "an empty row yields its bias");
    }

    [TestMethod]
    public void WideMatricesUse32BitIndicesAndStayCorrect()
    {
        var random = new Random(5);
        var w = RandomCsr(random, 6, 70_000, 0.0005);
        Assert.IsFalse(w.Uses16BitIndices);
        var narrow = RandomCsr(random, 6, 65_536, 0.0005);
        Assert.IsTrue(narrow.Uses16BitIndices);
        var x = RandomVector(random, 70_000);
        var bias = RandomVector(random, 6);
        var y = new float[6];
        CsrKernels.MultiplyAdd(w, x, bias, y);
        AssertClose(Naive(w, x, bias), y, "32-bit");
    }

    [TestMethod]
    public void ShapeMismatchesThrow()
    {
        var w = CsrMatrix.Create(2, 3, new[] { 0, 1, 2 }, new[] { 0, 2 }, new[] { 1f, 2f });
        Assert.ThrowsExactly<ArgumentException>(() => CsrKernels.MultiplyAdd(w, new float[2], new float[2], new float[2]));
        Assert.ThrowsExactly<ArgumentException>(() => CsrKernels.MultiplyAdd(w, new float[3], new float[1], new float[2]));
        Assert.ThrowsExactly<ArgumentException>(() => CsrKernels.MultiplyAdd(w, new float[3], new float[2], new float[3]));
    }
}
