// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Text;

namespace Microsoft.ML.Sparse.Tests.Text;

[TestClass]
public sealed class BleuScoreTests
{
    [TestMethod]
    public void IdenticalCorporaScoreExactlyOneHundred()
    {
        var corpus = new[] { "the cat sat on the mat", "a quick brown fox jumps", "hello world" };
        var r = BleuScore.Compute(corpus, corpus);
        Assert.AreEqual(100.0, r.Score);
        Assert.AreEqual(1.0, r.BrevityPenalty);
        CollectionAssert.AreEqual(new[] { 1.0, 1.0, 1.0, 1.0 }, r.Precisions.ToArray());
    }

    [TestMethod]
    public void DisjointCorporaScoreZero()
    {
        var r = BleuScore.Compute(new[] { "alpha beta gamma delta epsilon" }, new[] { "one two three four five" });
        Assert.AreEqual(0.0, r.Score);
        Assert.AreEqual(0L, r.MatchedNgrams[0]);
    }

    [TestMethod]
    public void SingleSentenceWithBrevityPenaltyMatchesHandComputation()
    {
        // hyp (c = 8): the quick brown fox jumps over the dog
        // ref (r = 9): the quick brown fox jumped over the lazy dog
        // p1 = 7/8  (the×2 quick brown fox over dog; "jumps" misses)
        // p2 = 4/7  (the quick, quick brown, brown fox, over the)
        // p3 = 2/6  (the quick brown, quick brown fox)
        // p4 = 1/5  (the quick brown fox)
        // product = 7/8 · 4/7 · 1/3 · 1/5 = 1/30; geometric mean = (1/30)^(1/4) = 0.427287006...
        // BP = exp(1 − 9/8) = exp(−0.125) = 0.882496903...
        // BLEU = 100 · 0.882496903 · 0.427287006 = 37.707945...
        var r = BleuScore.Compute(new[] { "the quick brown fox jumps over the dog" }, new[] { "the quick brown fox jumped over the lazy dog" });
        CollectionAssert.AreEqual(new long[] { 7, 4, 2, 1 }, r.MatchedNgrams.ToArray());
        CollectionAssert.AreEqual(new long[] { 8, 7, 6, 5 }, r.TotalNgrams.ToArray());
        Assert.AreEqual(8L, r.HypothesisLength);
        Assert.AreEqual(9L, r.ReferenceLength);
        Assert.AreEqual(Math.Exp(-0.125), r.BrevityPenalty, 1e-12);
        Assert.AreEqual(37.70794596593208, r.Score, 1e-9);
    }

    [TestMethod]
    public void CorpusStatisticsAreSummedBeforeTheMeanAndCountsAreClipped()
    {
        // s1: hyp "a b c d" = ref "a b c d" → matches 4/4, 3/3, 2/2, 1/1
        // s2: hyp "a a a", ref "a b a e f" → unigram "a" ×3 clipped to the reference's 2 → 2/3;
        //     bigrams "a a" ×2 → 0/2; trigram "a a a" → 0/1; no 4-grams (0/0)
        // corpus: p1 = 6/7, p2 = 3/5, p3 = 2/3, p4 = 1/1   (a sentence-level average would be different)
        // c = 4 + 3 = 7, r = 4 + 5 = 9 → BP = exp(1 − 9/7) = exp(−2/7) = 0.751477293...
        // (6/7 · 3/5 · 2/3 · 1)^(1/4) = (12/35)^(1/4) = 0.765205883...
        // BLEU = 100 · 0.751477293 · 0.765205883 = 57.503484...
        var r = BleuScore.Compute(new[] { "a b c d", "a a a" }, new[] { "a b c d", "a b a e f" });
        CollectionAssert.AreEqual(new long[] { 6, 3, 2, 1 }, r.MatchedNgrams.ToArray());
        CollectionAssert.AreEqual(new long[] { 7, 5, 3, 1 }, r.TotalNgrams.ToArray());
        Assert.AreEqual(Math.Exp(-2.0 / 7.0), r.BrevityPenalty, 1e-12);
        Assert.AreEqual(57.50348457942688, r.Score, 1e-9);
    }

    [TestMethod]
    public void MultipleReferencesClipByTheBestReferenceAndUseTheClosestLength()
    {
        // hyp: "the the cat" (c = 3). refs: "the cat" (2 tokens), "the the big cat" (4 tokens) → |3−2| = |3−4|: tie → shorter, r = 2.
        // unigrams: "the" ×2 clipped by max(1, 2) = 2, "cat" 1 → 3/3; bigrams: "the the" (ref 2), "the cat" (ref 1) → 2/2.
        var r = BleuScore.Compute(new[] { "the the cat" }, new IReadOnlyList<string>[] { new[] { "the cat", "the the big cat" } }, maxOrder: 2);
        Assert.AreEqual(2L, r.ReferenceLength);
        Assert.AreEqual(1.0, r.BrevityPenalty);
        Assert.AreEqual(100.0, r.Score, 1e-12);
    }

    [TestMethod]
    public void CaseAndPunctuationOptions()
    {
        Assert.AreEqual(0.0, BleuScore.Compute(new[] { "Hello World Foo Bar" }, new[] { "hello world foo bar" }).Score);
        Assert.AreEqual(100.0, BleuScore.Compute(new[] { "Hello World Foo Bar" }, new[] { "hello world foo bar" }, lowerCase: true).Score);
        CollectionAssert.AreEqual(new[] { "Hello", ",", "world", "." }, BleuScore.Tokenize("Hello, world.", tokenization: BleuTokenization.WhitespaceAndPunctuation).ToArray());
        Assert.AreEqual(100.0, BleuScore.Compute(new[] { "a b c d." }, new[] { "a b c d ." }, tokenization: BleuTokenization.WhitespaceAndPunctuation).Score);
    }

    [TestMethod]
    public void RejectsMismatchedOrEmptyInput()
    {
        Assert.ThrowsExactly<ArgumentException>(() => BleuScore.Compute(new[] { "a" }, new[] { "a", "b" }));
        Assert.ThrowsExactly<ArgumentException>(() => BleuScore.Compute(Array.Empty<string>(), Array.Empty<string>()));
        Assert.ThrowsExactly<ArgumentException>(() => BleuScore.Compute(new[] { "a" }, new IReadOnlyList<string>[] { Array.Empty<string>() }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => BleuScore.Compute(new[] { "a" }, new[] { "a" }, maxOrder: 0));
        Assert.AreEqual(0.0, BleuScore.Compute(new[] { "" }, new[] { "a b" }).Score);
    }
}
