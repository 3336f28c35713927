// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Samples.Datasets;

namespace Microsoft.ML.Sparse.Tests.Datasets;

/// <summary>The EN-ES verse pairs read from the two SWORD Bibles build/setup installs, and their split by chapter.</summary>
[DatasetTestClass]
[TestCategory(TestLanes.Dataset)]
public sealed class BibleVersePairsTests
{
    private static readonly Lazy<IReadOnlyList<VersePair>> Pairs = new(() => BibleVersePairs.Read());

    [TestMethod]
    public void ReadsAboutThirtyOneThousandCleanPairs()
    {
        var pairs = Pairs.Value;
        Assert.IsTrue(pairs.Count is > 30_000 and < 31_200, $"{pairs.Count} pairs");
        var first = pairs[0];
        Assert.AreEqual(("Gen.1", 1), (first.Chapter, first.Verse));
        Assert.AreEqual("In the beginning God created the heaven and the earth.", first.Source);
        Assert.AreEqual("EN el principio crió Dios los cielos y la tierra.", first.Target);
        var john = pairs.Single(p => p.Chapter == "John.3" && p.Verse == 16);
        StringAssert.StartsWith(john.Source, "For God so loved the world");
        StringAssert.StartsWith(john.Target, "Porque de tal manera amó Dios al mundo");
        Assert.IsFalse(pairs.Any(p => p.Source.Contains('<') || p.Target.Contains('<') || p.Source.Contains("  ")), "markup left in a verse");
        Assert.AreEqual("Rev.22", pairs[^1].Chapter);
    }

    [TestMethod]
    public void SplitKeepsWholeChaptersApartAndIsSeeded()
    {
        var pairs = Pairs.Value;
        var split = BibleVersePairs.Split(pairs, seed: 1, validationFraction: 0.02, testFraction: 0.05);
        Assert.AreEqual(pairs.Count, split.Train.Count + split.Validation.Count + split.Test.Count);
        Assert.IsTrue(split.Test.Count >= 0.05 * pairs.Count && split.Test.Count < 0.06 * pairs.Count, $"{split.Test.Count} test verses");
        var chapterOf = pairs.ToDictionary(p => p.Source, p => p.Chapter);   // sources are unique
        var trainChapters = split.Train.Select(p => chapterOf[p.Source]).ToHashSet();
        Assert.IsFalse(split.Test.Any(p => trainChapters.Contains(chapterOf[p.Source])), "a test chapter also trains");
        Assert.IsFalse(split.Validation.Any(p => trainChapters.Contains(chapterOf[p.Source])), "a validation chapter also trains");
        CollectionAssert.AreEqual(split.Test.ToArray(), BibleVersePairs.Split(pairs, 1, 0.02, 0.05).Test.ToArray());
        CollectionAssert.AreNotEqual(split.Test.ToArray(), BibleVersePairs.Split(pairs, 2, 0.02, 0.05).Test.ToArray());
    }
}
