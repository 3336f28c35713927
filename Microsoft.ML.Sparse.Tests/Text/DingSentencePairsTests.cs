// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Samples.Datasets;

namespace Microsoft.ML.Sparse.Tests.Text;

[DatasetTestClass]
public sealed class DingSentencePairsTests
{
    // Loaded by the first test that reads it, so the tests that need no dataset stay in the fast lane.
    private static readonly Lazy<IReadOnlyList<SentencePair>> LoadedPairs = new(() => DingSentencePairs.Read());

    private static IReadOnlyList<SentencePair> Pairs => LoadedPairs.Value;

    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
    public void ExtractsAboutEighteenThousandCleanFullSentencePairs()
    {
        Assert.AreEqual(18_634, Pairs.Count);
        foreach (var p in Pairs)
        {
            foreach (string s in new[] { p.Source, p.Target })
            {
                Assert.IsTrue(DingSentencePairs.IsFullSentence(s), s);
                Assert.IsFalse(s.IndexOfAny(new[] { '{', '}', '[', ']', '|', '/' }) >= 0, s);
                Assert.IsFalse(s.Contains("  ") || s.Contains(" ."), s);
            }
        }
        Assert.AreEqual(Pairs.Count, Pairs.Select(p => p.Source).Distinct().Count());
        Assert.AreEqual(Pairs.Count, Pairs.Select(p => p.Target).Distinct().Count());
        // English source by default.
        Assert.AreEqual(new SentencePair("I've made one or two modifications to the original design.",
                                         "Ich habe am ursprünglichen Entwurf ein paar Änderungen vorgenommen."), Pairs[0]);
    }

    [TestMethod]
    public void ParsesParallelAlternativesSynonymsAndAnnotations()
    {
        string line = "Aal {m} | Er hat eine Fahne. [ugs.]; Er riecht nach Alkohol. | Es ist Zeit, dem Gerede/Unsinn ein Ende zu setzen. :: "
                    + "eel | His breath smells of booze/reeks of alcohol. | It’s time to put a/the lid on all the talk.";
        var pairs = DingSentencePairs.ParseLine(line).ToList();
        Assert.AreEqual(2, pairs.Count);
        Assert.AreEqual(("Er hat eine Fahne.", "His breath smells of booze of alcohol."), pairs[0]);
        Assert.AreEqual(("Es ist Zeit, dem Gerede ein Ende zu setzen.", "It's time to put a lid on all the talk."), pairs[1]);
        Assert.AreEqual(0, DingSentencePairs.ParseLine("jdm. etw. vorwerfen :: to accuse sb. of sth.").Count());
        Assert.AreEqual(0, DingSentencePairs.ParseLine("# comment :: line.").Count());
        Assert.AreEqual(0, DingSentencePairs.ParseLine("Das geht. | Zwei :: That works.").Count(), "alternative counts must match");
    }

    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
    public void SeededSplitIsDeterministicAndDisjoint()
    {
        var a = DingSentencePairs.Split(Pairs, seed: 1, validationCount: 500, testCount: 1000);
        var b = DingSentencePairs.Split(Pairs, seed: 1, validationCount: 500, testCount: 1000);
        var c = DingSentencePairs.Split(Pairs, seed: 2, validationCount: 500, testCount: 1000);
        Assert.AreEqual(17_134, a.Train.Count);
        Assert.AreEqual(500, a.Validation.Count);
        Assert.AreEqual(1000, a.Test.Count);
        CollectionAssert.AreEqual(a.Test.ToList(), b.Test.ToList());
        CollectionAssert.AreEqual(a.Train.ToList(), b.Train.ToList());
        CollectionAssert.AreNotEqual(a.Test.ToList(), c.Test.ToList());
        var all = a.Train.Concat(a.Validation).Concat(a.Test).ToList();
        Assert.AreEqual(Pairs.Count, all.Distinct().Count());
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => DingSentencePairs.Split(Pairs, 1, 10_000, 10_000));
    }

    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
    public void GermanToEnglishSwapsTheSides()
    {
        var reversed = DingSentencePairs.Read(TranslationDirection.GermanToEnglish);
        Assert.AreEqual(Pairs.Count, reversed.Count);
        Assert.AreEqual(Pairs[10].Source, reversed[10].Target);
    }

    [TestMethod]
    public void MissingDictionaryNamesBuildSetup()
    {
        var ex = Assert.ThrowsExactly<FileNotFoundException>(() => DingSentencePairs.Read(path: "/nonexistent/de-en"));
        StringAssert.Contains(ex.Message, "build/setup");
    }
}
