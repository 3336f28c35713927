// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Text;

namespace Microsoft.ML.Sparse.Tests.Translation;

/// <summary>The IDataView wrapper of corpus BLEU (the BLEU arithmetic itself is covered by BleuScoreTests).</summary>
[TestClass]
public sealed class SparseTranslationEvaluatorTests
{
    private readonly MLContext _ml = new(seed: 1);

    private IDataView Data(params (string Reference, string Predicted)[] rows) =>
        _ml.Data.LoadFromEnumerable(rows.Select(r => new Row { Target = r.Reference, PredictedTarget = r.Predicted }).ToList());

    [TestMethod]
    public void IdenticalTranslationsScoreOneHundredAndDisjointOnesZero()
    {
        var identical = SparseTranslationEvaluator.Evaluate(Data(("Das Haus ist klein.", "Das Haus ist klein."), ("Wie geht es dir?", "Wie geht es dir?")));
        Assert.AreEqual(100.0, identical.Score, 1e-9);
        Assert.AreEqual(1.0, identical.BrevityPenalty);
        Assert.AreEqual(10, identical.HypothesisLength, "punctuation is split off by default: 5 + 5 tokens");
        var disjoint = SparseTranslationEvaluator.Evaluate(Data(("Das Haus ist klein", "ein grosser Garten")));
        Assert.AreEqual(0.0, disjoint.Score);
        Assert.AreEqual(0.0, disjoint.Precisions[0]);
    }

    [TestMethod]
    public void AShortHypothesisMatchesTheHandComputedScoreWithBrevityPenalty()
    {
        // Reference "the cat sat on the mat ." (7 tokens), hypothesis "the cat sat on ." (5 tokens, punctuation split):
        // 1-grams 5/5, 2-grams "the cat" "cat sat" "sat on" match, "on ." does not: 3/4; 3-grams 2/3; 4-grams 1/2.
        // BP = exp(1 − 7/5); BLEU = 100 · BP · (1 · 3/4 · 2/3 · 1/2)^(1/4).
        var result = SparseTranslationEvaluator.Evaluate(Data(("the cat sat on the mat.", "the cat sat on.")));
        double expected = 100 * Math.Exp(1 - 7.0 / 5) * Math.Pow(1.0 * 0.75 * (2.0 / 3) * 0.5, 0.25);
        Assert.AreEqual(expected, result.Score, 1e-9);
        Assert.AreEqual(Math.Exp(-0.4), result.BrevityPenalty, 1e-12);
        Assert.AreEqual(5, result.HypothesisLength);
        Assert.AreEqual(7, result.ReferenceLength);
        CollectionAssert.AreEqual(new long[] { 5, 3, 2, 1 }, result.MatchedNgrams.ToArray());
    }

    [TestMethod]
    public void ColumnNamesCaseAndTokenizationOptionsAreHonoured()
    {
        var data = Data(("Das Haus.", "das haus."));
        Assert.AreEqual(0.0, SparseTranslationEvaluator.Evaluate(data, maxOrder: 2).Score, "case-sensitive by default: only '.' matches, no 2-gram");
        Assert.AreEqual(100.0, SparseTranslationEvaluator.Evaluate(data, lowerCase: true, maxOrder: 3).Score, 1e-9);
        var whitespace = SparseTranslationEvaluator.Evaluate(data, tokenization: BleuTokenization.Whitespace, lowerCase: true);
        Assert.AreEqual(2, whitespace.HypothesisLength, "whitespace tokenisation keeps 'haus.' whole");
        var swapped = SparseTranslationEvaluator.Evaluate(data, referenceColumnName: "PredictedTarget", predictedColumnName: "Target", lowerCase: true, maxOrder: 3);
        Assert.AreEqual(100.0, swapped.Score, 1e-9);
    }

    [TestMethod]
    public void BadInputsGiveClearErrors()
    {
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SparseTranslationEvaluator.Evaluate(Data(("a", "a")), predictedColumnName: "Translation"));
        StringAssert.Contains(ex.Message, "'Translation' was not found");
        var numbers = _ml.Data.LoadFromEnumerable(new[] { new NumericRow() });
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SparseTranslationEvaluator.Evaluate(numbers)).Message, "must be of type String (Text)");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => SparseTranslationEvaluator.Evaluate(Data())).Message, "no rows");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SparseTranslationEvaluator.Evaluate(Data(("a", "a")), maxOrder: 0));
    }

    private sealed class Row
    {
        public string Target { get; set; } = "";

        public string PredictedTarget { get; set; } = "";
    }

    private sealed class NumericRow
    {
        public float Target { get; set; }

        public string PredictedTarget { get; set; } = "";
    }
}
