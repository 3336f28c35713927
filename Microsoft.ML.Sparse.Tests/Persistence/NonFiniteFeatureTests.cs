// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Scoring;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse.Tests.Persistence;

/// <summary>
/// NaN and infinite features at predict time: PredictionEngine and Transform throw an error naming the row, the slot,
/// the column and the fix, instead of answering NaN scores and an empty label; the engine keeps working afterwards.
/// </summary>
[TestClass]
public sealed class NonFiniteFeatureTests
{
    private sealed class BinaryPrediction
    {
        public bool PredictedLabel { get; set; }

        public float Probability { get; set; }
    }

    private sealed class RegressionPrediction
    {
        public float Score { get; set; }
    }

    private static void AssertNamesRowSlotAndFix(Exception ex, long row, int slot, string value)
    {
        Assert.IsInstanceOfType<InvalidOperationException>(ex);
        StringAssert.Contains(ex.Message, $"Row {row}, slot {slot} of feature column 'Features' is {value}");
        StringAssert.Contains(ex.Message, "ReplaceMissingValues");
    }

    [TestMethod]
    public void PredictionEngineRefusesNaNAndInfinityForEveryTask()
    {
        var ml = new MLContext(1);
        var multiclass = ml.Model.CreatePredictionEngine<PredictionTestKit.Row, PredictionTestKit.MulticlassPrediction>(PredictionTestKit.Multiclass(ml));
        var binary = ml.Model.CreatePredictionEngine<PredictionTestKit.Row, BinaryPrediction>(
            SparsePredictionTransformerFactory.CreateBinary(ml, new MlpScorer(PredictionTestKit.OneOutputModel()), "Features"));
        var regression = ml.Model.CreatePredictionEngine<PredictionTestKit.Row, RegressionPrediction>(
            SparsePredictionTransformerFactory.CreateRegression(ml, new MlpScorer(PredictionTestKit.OneOutputModel()), "Features"));
        var good = new PredictionTestKit.Row { Features = [3f, 0f, 0f, 9f] };
        Assert.AreEqual(1u, multiclass.Predict(good).PredictedLabel);

        foreach (var (value, text) in new[] { (float.NaN, "NaN"), (float.PositiveInfinity, "Infinity"), (float.NegativeInfinity, "-Infinity") })
        {
            var bad = new PredictionTestKit.Row { Features = [1f, 2f, value, 9f] };
            // Slot 2 feeds the network; slot 3 has no link at all and is still refused (a NaN there would be a data error too).
            var unused = new PredictionTestKit.Row { Features = [1f, 2f, 3f, value] };
            var ex = Assert.Throws<InvalidOperationException>(() => multiclass.Predict(bad));
            StringAssert.Contains(ex.Message, $"slot 2 of feature column 'Features' is {text}");
            StringAssert.Contains(ex.Message, "ReplaceMissingValues");
            StringAssert.Contains(Assert.Throws<InvalidOperationException>(() => multiclass.Predict(unused)).Message, $"slot 3 of feature column 'Features' is {text}");
            StringAssert.Contains(Assert.Throws<InvalidOperationException>(() => binary.Predict(bad)).Message, $"slot 2 of feature column 'Features' is {text}");
            StringAssert.Contains(Assert.Throws<InvalidOperationException>(() => regression.Predict(bad)).Message, $"slot 2 of feature column 'Features' is {text}");
        }

        // The engines keep working after a refused row.
        var after = multiclass.Predict(good);
        Assert.AreEqual(1u, after.PredictedLabel);
        Assert.IsTrue(after.Score.All(float.IsFinite));
        Assert.IsTrue(float.IsFinite(regression.Predict(good).Score));
    }

    [TestMethod]
    public void TransformNamesTheRowOfTheFirstNonFiniteFeature()
    {
        var ml = new MLContext(1);
        var rows = PredictionTestKit.Rows();
        rows[4].Features = [-1f, 5f, 0f, float.PositiveInfinity];
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = PredictionTestKit.Multiclass(ml);
        var scored = model.Transform(data);
        var ex = Assert.Throws<Exception>(() => ml.Data.CreateEnumerable<PredictionTestKit.MulticlassPrediction>(scored, reuseRowObject: false).ToList());
        AssertNamesRowSlotAndFix(Innermost(ex), 4, 3, "Infinity");

        // Reading a column that does not need the network still works; the suggested fix makes every row score.
        Assert.HasCount(6, scored.GetColumn<float[]>("Features").ToList());
        rows[4].Features = [-1f, 5f, 0f, float.NaN];
        data = ml.Data.LoadFromEnumerable(rows);
        var repaired = ml.Transforms.ReplaceMissingValues("Features").Fit(data).Transform(data);
        var predictions = ml.Data.CreateEnumerable<PredictionTestKit.MulticlassPrediction>(model.Transform(repaired), reuseRowObject: false).ToList();
        Assert.HasCount(6, predictions);
        Assert.IsTrue(predictions.All(p => p.PredictedLabel > 0 && p.Score.All(float.IsFinite)));
    }

    [TestMethod]
    public void EvaluateReportsTheRowInsteadOfNaNMetrics()
    {
        var ml = new MLContext(1);
        var rows = PredictionTestKit.Rows();
        rows[2].Features = [0f, float.NaN, 4f, 9f];
        var data = PredictionTestKit.KeyedData(ml, rows, out _);
        var ex = Assert.Throws<Exception>(() => ml.MulticlassClassification.Evaluate(PredictionTestKit.Multiclass(ml).Transform(data)));
        AssertNamesRowSlotAndFix(Innermost(ex), 2, 1, "NaN");
    }

    [TestMethod]
    public void IndexOfNonFiniteFindsTheFirstOneAtEveryPosition()
    {
        foreach (int length in new[] { 0, 1, 7, 8, 9, 16, 31, 100 })
        {
            var values = Enumerable.Range(0, length).Select(i => i * 0.5f - 3f).ToArray();
            Assert.AreEqual(-1, FiniteValues.IndexOfNonFinite(values));
            for (int at = 0; at < length; at++)
                foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
                {
                    var copy = (float[])values.Clone();
                    copy[at] = bad;
                    if (at + 1 < length)
                        copy[length - 1] = float.NaN;
                    Assert.AreEqual(at, FiniteValues.IndexOfNonFinite(copy), $"length {length}, {bad} at {at}");
                }
        }
        Assert.AreEqual(-1, FiniteValues.IndexOfNonFinite([float.MaxValue, float.MinValue, float.Epsilon, -0f]));
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
            ex = ex.InnerException;
        return ex;
    }
}
