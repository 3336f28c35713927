// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Samples.Datasets;

namespace Microsoft.ML.Sparse.Tests.Datasets;

/// <summary>The R data reader on the UCI tables build/setup extracts from Debian's r-cran-mlbench.</summary>
[DatasetTestClass]
[TestCategory(TestLanes.Dataset)]
public sealed class MlbenchTablesTests
{
    [TestMethod]
    public void LetterAndVowelHaveTheirUciShapes()
    {
        var letter = RDataReader.Load("LetterRecognition");
        Assert.AreEqual(20_000, letter.RowCount);
        Assert.AreEqual(26, letter["lettr"].Levels!.Count);
        Assert.AreEqual(16, letter.Features("lettr")[0].Length);
        Assert.IsTrue(letter.Features("lettr").All(r => r.All(v => v is >= 0 and <= 15)), "16 integer attributes on 0-15");
        var vowel = RDataReader.Load("Vowel");
        Assert.AreEqual(990, vowel.RowCount);
        Assert.AreEqual(11, vowel["Class"].Levels!.Count);
    }
}
