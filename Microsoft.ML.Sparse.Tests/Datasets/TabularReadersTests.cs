// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Samples.Datasets;

namespace Microsoft.ML.Sparse.Tests.Datasets;

/// <summary>The ARFF reader and the data-frame features (one-hot factors, mean-filled missing numbers) on a small file.</summary>
[TestClass]
public sealed class TabularReadersTests
{
    [TestMethod]
    public void ArffAttributesBecomeNumericAndOneHotInputs()
    {
        string path = Path.Combine(Path.GetTempPath(), $"arff-{Environment.ProcessId}.arff");
        File.WriteAllText(path, """
            % a comment
            @relation 'credit'
            @attribute duration numeric
            @attribute 'purpose' {car,'new tv',radio}
            @attribute own {yes,no}
            @attribute class {good,bad}
            @data
            6,car,yes,good
            ?,'new tv',no,bad
            12, radio ,?,good
            """);
        try
        {
            var frame = ArffReader.Read(path);
            Assert.AreEqual(3, frame.RowCount);
            Assert.AreEqual(double.NaN, frame["duration"].Numbers![1]);
            CollectionAssert.AreEqual(new[] { "car", "new tv", "radio" }, frame["purpose"].Levels!.ToArray());
            CollectionAssert.AreEqual(new[] { 0, 1, 0 }, frame.ClassLabels("class"));
            var x = frame.Features("class");
            // duration (missing -> mean 9), purpose one-hot (3), own as one 0/1 input (missing -> 0)
            CollectionAssert.AreEqual(new[] { 6f, 1, 0, 0, 0 }, x[0]);
            CollectionAssert.AreEqual(new[] { 9f, 0, 1, 0, 1 }, x[1]);
            CollectionAssert.AreEqual(new[] { 12f, 0, 0, 1, 0 }, x[2]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void AValueOutsideTheLevelsNamesTheAttribute()
    {
        string path = Path.Combine(Path.GetTempPath(), $"arff-bad-{Environment.ProcessId}.arff");
        File.WriteAllText(path, "@attribute a {x,y}\n@data\nz\n");
        try
        {
            var e = Assert.ThrowsExactly<InvalidDataException>(() => ArffReader.Read(path));
            StringAssert.Contains(e.Message, "attribute 'a' has the value 'z'");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
