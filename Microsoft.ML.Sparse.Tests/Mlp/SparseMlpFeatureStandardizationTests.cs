// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Samples.Datasets;

namespace Microsoft.ML.Sparse.Tests.Mlp;

[DatasetTestClass]
[TestCategory(TestLanes.Dataset)]
public sealed class SparseMlpFeatureStandardizationTests
{
    private static LabeledVectors Affine(LabeledVectors data, float scale, float shift) => new(data.Name, data.FeatureCount,
        data.Features.Select(r => r.Select(v => v * scale + shift).ToArray()).ToArray(), data.Labels, data.ClassNames);

    private static (double Accuracy, uint[] Predictions) FitAndScore(LabeledVectors data, FeatureStandardization mode)
    {
        var ml = new MLContext(seed: 1);
        var split = ml.Data.TrainTestSplit(data.ToDataView(ml), testFraction: 0.2, seed: 3);
        var options = SparseMlpTestKit.FastOptions(epochs: 6);
        options.FeatureStandardization = mode;
        var model = ml.MulticlassClassification.Trainers.SparseMlp(options).Fit(split.TrainSet);
        var scored = model.Transform(split.TestSet);
        var accuracy = ml.MulticlassClassification.Evaluate(scored).MicroAccuracy;
        return (accuracy, scored.GetColumn<uint>("PredictedLabel").ToArray());
    }

    [TestMethod]
    public void GlobalStandardisationMakesTrainingIndependentOfTheFeatureScaleAndTheModelScoresRawFeatures()
    {
        var digits = SparseMlpTestKit.Digits();
        var (baseAccuracy, basePredictions) = FitAndScore(digits, FeatureStandardization.Global);
        // Pixels in [50, 150] instead of [0, 1]: after the global map the network sees the same inputs (up to rounding),
        // and the saved model, which takes the raw features, must predict the same classes.
        var (scaledAccuracy, scaledPredictions) = FitAndScore(Affine(digits, 100, 50), FeatureStandardization.Global);
        double agreement = basePredictions.Zip(scaledPredictions).Count(p => p.First == p.Second) / (double)basePredictions.Length;
        Console.WriteLine($"accuracy {baseAccuracy:P2} vs {scaledAccuracy:P2}, agreement {agreement:P2}");
        Assert.IsGreaterThan(0.9, baseAccuracy);
        Assert.AreEqual(baseAccuracy, scaledAccuracy, 0.01);
        Assert.IsGreaterThanOrEqualTo(0.98, agreement);
    }

    [TestMethod]
    public void PerFeatureStandardisationTrainsOnColumnsWithVeryDifferentUnits()
    {
        var digits = SparseMlpTestKit.Digits();
        // Every column gets its own unit (x · 10^(j mod 4 − 1) + j): without standardisation SGD at lr 0.05
        // does not learn (about 7% accuracy), per-feature standardisation does.
        var mixed = new LabeledVectors(digits.Name, digits.FeatureCount,
            digits.Features.Select(r => r.Select((v, j) => v * MathF.Pow(10, j % 4 - 1) + j).ToArray()).ToArray(), digits.Labels, digits.ClassNames);
        var (accuracy, _) = FitAndScore(mixed, FeatureStandardization.PerFeature);
        var (rawAccuracy, _) = FitAndScore(mixed, FeatureStandardization.None);
        Console.WriteLine($"per-feature accuracy {accuracy:P2}, without standardisation {rawAccuracy:P2}");
        Assert.IsGreaterThan(0.9, accuracy);
        Assert.IsLessThan(0.5, rawAccuracy);
    }
}
