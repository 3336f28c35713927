// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Samples.Datasets;

namespace Microsoft.ML.Sparse.Tests.Mlp;

/// <summary>
/// PROBEN1 thyroid (21 features, 3 classes, 3,772 training rows; libfann-doc): the table where trees led until the
/// piecewise-linear input encoding (bench/tabular-report.md: LightGBM's defaults 99.5%).
/// </summary>
[DatasetTestClass]
[TestCategory(TestLanes.Dataset)]
public sealed class SparseMlpThyroidTests
{
    [TestMethod]
    public void DefaultsEncodeTheFeaturesAndComeWithinAPointOfLightGbm()
    {
        var ml = new MLContext(seed: 1);
        var train = FannDataset.ReadClasses("thyroid", Path.Combine(FannDataset.DefaultDirectory, "thyroid.train")).ToDataView(ml);
        var test = FannDataset.ReadClasses("thyroid", Path.Combine(FannDataset.DefaultDirectory, "thyroid.test")).ToDataView(ml);

        var model = ml.MulticlassClassification.Trainers.SparseMlp(new SparseMlpOptions { Seed = 1 }).Fit(train);
        double accuracy = ml.MulticlassClassification.Evaluate(model.Transform(test)).MicroAccuracy;

        Console.WriteLine($"thyroid: {accuracy:P2}; {model.Model}");
        Assert.AreEqual(FeatureEncoding.PiecewiseLinear, model.TrainingSummary!.FeatureEncoding);
        Assert.IsGreaterThanOrEqualTo(0.985, accuracy, $"thyroid accuracy {accuracy:P2}: LightGBM's defaults reach 99.5%");
    }
}
