// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Scoring;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse.Tests.Persistence;

/// <summary>ML.NET's evaluators, PredictionEngine and PFI on loaded sparse models whose predictions are known by hand.</summary>
[TestClass]
public sealed class EvaluationTests
{
    [TestMethod]
    public void MulticlassEvaluateOnLoadedModelGivesHandComputedMetrics()
    {
        var ml = new MLContext(1);
        var data = PredictionTestKit.KeyedData(ml, out _);
        var loaded = ZipRoundTrip.RoundTrip(ml, PredictionTestKit.Multiclass(ml), data.Schema);
        var metrics = ml.MulticlassClassification.Evaluate(loaded.Transform(data));

        // Rows 0-4 are right, row 5 (a bird) is predicted as a dog.
        Assert.AreEqual(5.0 / 6, metrics.MicroAccuracy, 1e-12);
        Assert.AreEqual((1 + 1 + 0.5) / 3, metrics.MacroAccuracy, 1e-12);
        var rows = PredictionTestKit.Rows();
        double logLoss = rows.Select(r =>
        {
            var p = PredictionTestKit.Softmax(PredictionTestKit.ThreeClassLogits(r.Features));
            return -Math.Log(p[Array.IndexOf(PredictionTestKit.ClassNames, r.Label)]);
        }).Average();
        Assert.AreEqual(logLoss, metrics.LogLoss, 1e-6);
        Assert.AreEqual(3, metrics.ConfusionMatrix.NumberOfClasses);
        Assert.HasCount(3, metrics.PerClassLogLoss);
    }

    [TestMethod]
    public void BinaryEvaluateOnLoadedModelGivesHandComputedMetrics()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(PredictionTestKit.Rows());
        var model = SparsePredictionTransformerFactory.CreateBinary(ml, new MlpScorer(PredictionTestKit.OneOutputModel()), "Features");
        var loaded = ZipRoundTrip.RoundTrip(ml, model, data.Schema);
        var metrics = ml.BinaryClassification.Evaluate(loaded.Transform(data), labelColumnName: "IsPositive");

        var rows = PredictionTestKit.Rows();
        var logits = rows.Select(r => PredictionTestKit.OneOutputLogit(r.Features)).ToArray();
        // TP rows 0 and 3, TN rows 1, 2, 4, FN row 5.
        Assert.AreEqual(5.0 / 6, metrics.Accuracy, 1e-12);
        Assert.AreEqual(1.0, metrics.PositivePrecision, 1e-12);
        Assert.AreEqual(2.0 / 3, metrics.PositiveRecall, 1e-12);
        Assert.AreEqual(0.8, metrics.F1Score, 1e-12);
        var positives = logits.Where((_, i) => rows[i].IsPositive).ToArray();
        var negatives = logits.Where((_, i) => !rows[i].IsPositive).ToArray();
        double auc = positives.Sum(p => negatives.Count(n => p > n)) / (double)(positives.Length * negatives.Length);
        Assert.AreEqual(7.0 / 9, auc, 1e-12);
        Assert.AreEqual(auc, metrics.AreaUnderRocCurve, 1e-12);
        double logLoss = logits.Select((z, i) =>
        {
            double p = 1 / (1 + Math.Exp(-z));
            return -Math.Log(rows[i].IsPositive ? p : 1 - p, 2);
        }).Average();
        Assert.AreEqual(logLoss, metrics.LogLoss, 1e-5);
    }

    [TestMethod]
    public void RegressionEvaluateOnLoadedModelGivesHandComputedMetrics()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(PredictionTestKit.Rows());
        var model = SparsePredictionTransformerFactory.CreateRegression(ml, new MlpScorer(PredictionTestKit.OneOutputModel()), "Features");
        var loaded = ZipRoundTrip.RoundTrip(ml, model, data.Schema);
        var metrics = ml.Regression.Evaluate(loaded.Transform(data), labelColumnName: "Target");

        var errors = PredictionTestKit.Rows().Select(r => (double)PredictionTestKit.OneOutputLogit(r.Features) - r.Target).ToArray();
        CollectionAssert.AreEqual(new[] { 4.75, -0.75, -0.75, 0.25, -2.75, -3.25 }, errors);
        Assert.AreEqual(errors.Average(Math.Abs), metrics.MeanAbsoluteError, 1e-6);
        Assert.AreEqual(errors.Average(e => e * e), metrics.MeanSquaredError, 1e-5);
        Assert.AreEqual(Math.Sqrt(errors.Average(e => e * e)), metrics.RootMeanSquaredError, 1e-6);
    }

    [TestMethod]
    public void PredictionEnginesInParallelGiveHandComputedPredictions()
    {
        var ml = new MLContext(1);
        var data = PredictionTestKit.KeyedData(ml, out _);
        var loaded = ZipRoundTrip.RoundTrip(ml, PredictionTestKit.Multiclass(ml), data.Schema);
        var rows = PredictionTestKit.Rows();
        var expected = rows.Select(r => PredictionTestKit.Softmax(PredictionTestKit.ThreeClassLogits(r.Features))).ToArray();
        var expectedLabels = new uint[] { 1, 2, 3, 1, 2, 2 };
        Parallel.For(0, 4, worker =>
        {
            var engine = ml.Model.CreatePredictionEngine<PredictionTestKit.Row, PredictionTestKit.MulticlassPrediction>(loaded);
            for (int i = 0; i < 300; i++)
            {
                int row = (i + worker) % rows.Count;
                var prediction = engine.Predict(rows[row]);
                Assert.AreEqual(expectedLabels[row], prediction.PredictedLabel);
                for (int c = 0; c < 3; c++)
                    Assert.AreEqual(expected[row][c], prediction.Score[c], 1e-6);
            }
        });
    }

    [TestMethod]
    public void PermutationFeatureImportanceWorksThroughBothOverloads()
    {
        var ml = new MLContext(1);
        // Features built by Concatenate carry slot names, which the ITransformer overload needs.
        var raw = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 60).Select(i => new PfiRow
        {
            A = i % 4, B = (i * 7) % 5, C = (i * 3) % 6, Unused = i % 9, Label = PredictionTestKit.ClassNames[i % 3],
        }));
        var prepared = ml.Transforms.Concatenate("Features", "A", "B", "C", "Unused")
            .Append(ml.Transforms.Conversion.MapValueToKey("Label", keyData: ml.Data.LoadFromEnumerable(PredictionTestKit.ClassNames.Select(n => new { Label = n }))))
            .Fit(raw);
        var data = prepared.Transform(raw);
        var model = SparsePredictionTransformerFactory.CreateMulticlass(ml, new MlpScorer(PredictionTestKit.ThreeClassModel()), "Features", data.Schema["Label"]);

        var byIndex = ml.MulticlassClassification.PermutationFeatureImportance(model, data, permutationCount: 3);
        Assert.HasCount(4, byIndex);
        Assert.AreEqual(0.0, byIndex[3].LogLoss.Mean, "the model ignores its 4th input");
        Assert.AreEqual(0.0, byIndex[3].MicroAccuracy.Mean);
        Assert.IsTrue(byIndex.Take(3).Any(m => m.LogLoss.Mean != 0), "permuting a used feature must change the log-loss");

        // The ITransformer overload finds the last prediction transformer of the chain and permutes the featurized data.
        var chain = prepared.Append(model);
        var byName = ml.MulticlassClassification.PermutationFeatureImportance(chain, data, permutationCount: 3);
        CollectionAssert.AreEquivalent(new[] { "A", "B", "C", "Unused" }, byName.Keys.ToArray());
        Assert.AreEqual(0.0, byName["Unused"].LogLoss.Mean);
        Assert.IsTrue(byName["A"].LogLoss.Mean != 0 || byName["B"].LogLoss.Mean != 0 || byName["C"].LogLoss.Mean != 0);
    }

    private sealed class PfiRow
    {
        public float A { get; set; }

        public float B { get; set; }

        public float C { get; set; }

        public float Unused { get; set; }

        public string Label { get; set; } = "";
    }
}
