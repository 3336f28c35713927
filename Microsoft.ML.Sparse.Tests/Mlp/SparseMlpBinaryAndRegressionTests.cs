// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Samples.Datasets;
using Microsoft.ML.Sparse.Tests.Persistence;

namespace Microsoft.ML.Sparse.Tests.Mlp;

/// <summary>The binary and regression variants of the sparse MLP, sharing the multiclass trainer's core.</summary>
[DatasetTestClass]
public sealed class SparseMlpBinaryAndRegressionTests
{
    private sealed class RegressionRow
    {
        [VectorType(8)]
        public float[] Features { get; set; } = Array.Empty<float>();

        public float Label { get; set; }
    }

    private sealed class BinaryOutput
    {
        public bool PredictedLabel { get; set; }

        public float Score { get; set; }

        public float Probability { get; set; }
    }

    private sealed class BinaryInput
    {
        [VectorType(30)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
    public void BinaryMlpLearnsBreastCancerAndRoundTrips()
    {
        var ml = new MLContext(seed: 1);
        var data = SklearnDatasets.BreastCancer().ToDataView(ml, LabelKind.Boolean);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.25, seed: 2);
        var options = new SparseMlpOptions
        {
            HiddenLayerSizes = new[] { 60, 60 }, NumberOfEpochs = 20, BatchSize = 32, Seed = 4,
            Topology = new SparseTopologyOptions { Density = 0.1 },
        };
        var pipeline = ml.Transforms.NormalizeMeanVariance("Features").Append(ml.BinaryClassification.Trainers.SparseMlp(options));
        var model = pipeline.Fit(split.TrainSet);
        var scored = model.Transform(split.TestSet);
        var metrics = ml.BinaryClassification.Evaluate(scored);
        Console.WriteLine($"breast cancer: accuracy {metrics.Accuracy:P2}, AUC {metrics.AreaUnderRocCurve:F4}, log-loss {metrics.LogLoss:F4}");
        Assert.IsTrue(metrics.Accuracy > 0.93, $"accuracy {metrics.Accuracy:P2}");
        Assert.IsTrue(metrics.AreaUnderRocCurve > 0.97, $"AUC {metrics.AreaUnderRocCurve:F4}");

        // Probability = sigmoid(Score) and PredictedLabel = Score > 0, row by row.
        var scores = scored.GetColumn<float>("Score").ToArray();
        var probabilities = scored.GetColumn<float>("Probability").ToArray();
        var labels = scored.GetColumn<bool>("PredictedLabel").ToArray();
        for (int i = 0; i < scores.Length; i++)
        {
            Assert.AreEqual(1 / (1 + Math.Exp(-scores[i])), probabilities[i], 1e-6);
            Assert.AreEqual(scores[i] > 0, labels[i]);
        }

        var loaded = ZipRoundTrip.Load(ZipRoundTrip.Save(ml, model, split.TrainSet.Schema), out _);
        CollectionAssert.AreEqual(scores, loaded.Transform(split.TestSet).GetColumn<float>("Score").ToArray());
        // The loaded pipeline normalises: the engine takes raw features.
        using var engine = new MLContext().Model.CreatePredictionEngine<BinaryInput, BinaryOutput>(loaded);
        var raw = split.TestSet.GetColumn<float[]>("Features").ToArray();
        for (int i = 0; i < 20; i++)
            Assert.AreEqual(scores[i], engine.Predict(new BinaryInput { Features = raw[i] }).Score);
    }

    [TestMethod]
    public void RegressionPredictsInTheLabelUnits()
    {
        // y = 5000 + 800·(x0 − 2·x1 + x2·x3) + small noise: large offset and scale check the target standardisation.
        var random = new Random(3);
        var rows = Enumerable.Range(0, 1500).Select(_ =>
        {
            var x = Enumerable.Range(0, 8).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            float y = 5000 + 800 * (x[0] - 2 * x[1] + x[2] * x[3]) + (float)(random.NextDouble() - 0.5) * 20;
            return new RegressionRow { Features = x, Label = y };
        }).ToList();
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(rows.Take(1200));
        var test = ml.Data.LoadFromEnumerable(rows.Skip(1200));
        var options = new SparseMlpOptions
        {
            HiddenLayerSizes = new[] { 64, 64 }, NumberOfEpochs = 30, BatchSize = 32, Seed = 8, Optimizer = SparseOptimizer.Sgd, LearningRate = 0.02,
            Topology = new SparseTopologyOptions { Density = 0.25 },
        };
        var model = ml.Regression.Trainers.SparseMlp(options).Fit(train);
        var metrics = ml.Regression.Evaluate(model.Transform(test));
        Console.WriteLine($"regression: R² {metrics.RSquared:F4}, RMSE {metrics.RootMeanSquaredError:F1}");
        Assert.IsTrue(metrics.RSquared > 0.95, $"R² {metrics.RSquared:F4}");
        double meanPrediction = model.Transform(test).GetColumn<float>("Score").Average();
        Assert.AreEqual(rows.Skip(1200).Average(r => r.Label), meanPrediction, 100, "predictions are in the label's units");

        var loaded = ZipRoundTrip.Load(ZipRoundTrip.Save(ml, model, train.Schema), out _);
        CollectionAssert.AreEqual(model.Transform(test).GetColumn<float>("Score").ToArray(), loaded.Transform(test).GetColumn<float>("Score").ToArray());
    }

    [TestMethod]
    public void RegressionRejectsNonFiniteLabels()
    {
        var ml = new MLContext();
        var rows = Enumerable.Range(0, 5).Select(i => new RegressionRow { Features = new float[8], Label = i == 3 ? float.NaN : i }).ToArray();
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => ml.Regression.Trainers.SparseMlp(hiddenLayerSizes: new[] { 4 }, numberOfEpochs: 1).Fit(ml.Data.LoadFromEnumerable(rows)));
        StringAssert.Contains(e.Message, "Row 3");
    }
}
