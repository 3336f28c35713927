// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Samples.Datasets;

namespace Microsoft.ML.Sparse.Tests.Trainers;

/// <summary>The training summary travels on the fitted transformer; the estimator keeps no state after Fit.</summary>
[DatasetTestClass]
[TestCategory(TestLanes.Dataset)]
public sealed class TrainingSummaryOnModelTests
{
    [TestMethod]
    public void EachFitReturnsItsOwnSummaryAndTheEstimatorKeepsNone()
    {
        var ml = new MLContext(seed: 1);
        var wine = SklearnDatasets.Wine().ToDataView(ml);
        var trainer = ml.MulticlassClassification.Trainers.SparseMlp(new SparseMlpOptions { NumberOfEpochs = 2, Seed = 1 });
        var first = trainer.Fit(wine);
        var trainerWithFiveEpochs = ml.MulticlassClassification.Trainers.SparseMlp(new SparseMlpOptions { NumberOfEpochs = 5, Seed = 1 });
        var second = trainerWithFiveEpochs.Fit(wine);
        Assert.AreEqual(2, first.TrainingSummary!.Epochs.Count, "a later Fit does not change an earlier model's summary");
        Assert.AreEqual(5, second.TrainingSummary!.Epochs.Count);
        Assert.AreNotSame(first.TrainingSummary, trainer.Fit(wine).TrainingSummary, "every Fit has its own summary");
        Assert.IsFalse(typeof(SparseMlpMulticlassTrainer).GetProperties().Any(p => p.PropertyType == typeof(SparseTrainingSummary)),
            "no summary property on the estimator");
    }

    [TestMethod]
    public void OfFindsTheSummaryAtTheEndOfAPipelineAndNotAfterLoad()
    {
        var ml = new MLContext(seed: 1);
        var wine = SklearnDatasets.Wine().ToDataView(ml);
        var pipeline = ml.Transforms.NormalizeMinMax("Features")
            .Append(ml.MulticlassClassification.Trainers.SparseMlp(new SparseMlpOptions { NumberOfEpochs = 3, Seed = 1 }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var model = pipeline.Fit(wine);
        var summary = SparseTrainingSummary.Of(model);
        Assert.IsNotNull(summary, "found behind a transform that follows the trainer");
        Assert.AreEqual(3, summary.Epochs.Count);
        Assert.IsNull(SparseTrainingSummary.Of(ml.Transforms.NormalizeMinMax("Features").Fit(wine)), "no sparse transformer");

        using var stream = new MemoryStream();
        ml.Model.Save(model, wine.Schema, stream);
        stream.Position = 0;
        var loaded = ml.Model.Load(stream, out _);
        Assert.IsNull(SparseTrainingSummary.Of(loaded), "the summary is not saved");
    }
}
