// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Inference;

namespace Microsoft.ML.Sparse.Tests.Inference;

[TestClass]
public sealed class CsrMatrixTests
{
    [TestMethod]
    public void CreateKeepsEntriesAndNarrowsIndices()
    {
        var m = CsrMatrix.Create(3, 4, new[] { 0, 2, 2, 3 }, new[] { 1, 3, 0 }, new[] { 1.5f, -2f, 4f });
        Assert.IsTrue(m.Uses16BitIndices);
        Assert.AreEqual(3, m.NonZeroCount);
        CollectionAssert.AreEqual(new float[] { 0, 1.5f, 0, -2f, 0, 0, 0, 0, 4f, 0, 0, 0 }, m.ToDense());
        Assert.AreEqual(3, m.ColumnAt(1));
    }

    [TestMethod]
    public void FromDenseKeepsSelectedEntries()
    {
        var dense = new float[] { 1, 2, 3, 4, 5, 6 };
        var m = CsrMatrix.FromDense(2, 3, dense, (r, c) => (r + c) % 2 == 0);
        CollectionAssert.AreEqual(new float[] { 1, 0, 3, 0, 5, 0 }, m.ToDense());
        CollectionAssert.AreEqual(new[] { 0, 2, 3 }, m.RowPointers.ToArray());
    }

    [TestMethod]
    [DataRow("pointer count", "Expected 3 row pointers")]
    [DataRow("first pointer", "first row pointer must be 0")]
    [DataRow("last pointer", "last row pointer must equal")]
    [DataRow("column range", "outside [0, 3)")]
    [DataRow("unsorted", "strictly increasing")]
    [DataRow("duplicate", "strictly increasing")]
    [DataRow("nan", "must be finite")]
    [DataRow("lengths", "column indices but")]
    public void InvalidStructuresAreRejected(string defect, string message)
    {
        int[] pointers = { 0, 2, 3 };
        int[] columns = { 0, 2, 1 };
        float[] values = { 1, 2, 3 };
        switch (defect)
        {
            case "pointer count": pointers = new[] { 0, 3 }; break;
            case "first pointer": pointers = new[] { 1, 2, 3 }; break;
            case "last pointer": pointers = new[] { 0, 2, 2 }; break;
            case "column range": columns = new[] { 0, 3, 1 }; break;
            case "unsorted": columns = new[] { 2, 0, 1 }; break;
            case "duplicate": columns = new[] { 1, 1, 1 }; break;
            case "nan": values = new[] { 1, float.NaN, 3 }; break;
            case "lengths": values = new float[] { 1, 2 }; break;
        }
        var ex = Assert.ThrowsExactly<ArgumentException>(() => CsrMatrix.Create(2, 3, pointers, columns, values));
        StringAssert.Contains(ex.Message, message);
    }

    [TestMethod]
    public void DecreasingRowPointersAreRejected()
    {
        // Row 0 spans [0, 3), row 1 would span [3, 1).
        var ex = Assert.ThrowsExactly<ArgumentException>(() => CsrMatrix.Create(3, 5, new[] { 0, 3, 1, 3 }, new[] { 0, 1, 2 }, new float[] { 1, 2, 3 }));
        StringAssert.Contains(ex.Message, "must not decrease: row 1 spans [3, 1)");
    }

    [TestMethod]
    public void SixteenBitIndicesNeedFewColumns()
    {
        var ex = Assert.ThrowsExactly<ArgumentException>(() => CsrMatrix.Create(1, 70_000, new[] { 0, 0 }, Array.Empty<ushort>(), Array.Empty<float>()));
        StringAssert.Contains(ex.Message, "at most 65536 columns");
    }
}
