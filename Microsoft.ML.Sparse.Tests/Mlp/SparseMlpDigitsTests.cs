// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Samples.Datasets;

namespace Microsoft.ML.Sparse.Tests.Mlp;

[DatasetTestClass]
[TestCategory(TestLanes.Dataset)]
public sealed class SparseMlpDigitsTests
{
    internal static (IDataView Train, IDataView Test) DigitsSplit(MLContext ml)
    {
        var digits = SklearnDatasets.Digits();
        var data = digits.ToDataView(ml);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 3);
        return (split.TrainSet, split.TestSet);
    }

    [TestMethod]
    [DataRow(SparseTrainingMethod.Chts)]
    [DataRow(SparseTrainingMethod.Chtss)]
    [DataRow(SparseTrainingMethod.Dense)]
    public void ReachesAccuracyFloorOnDigitsAtTenPercentDensity(SparseTrainingMethod method)
    {
        var ml = new MLContext(seed: 1);
        var (train, test) = DigitsSplit(ml);
        var options = new SparseMlpOptions
        {
            NumberOfEpochs = 15,
            Seed = 5,
            Topology = new SparseTopologyOptions { Method = method, Density = 0.1 },
        };
        var pipeline = ml.Transforms.NormalizeMinMax("Features")
            .Append(ml.MulticlassClassification.Trainers.SparseMlp(options));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var model = pipeline.Fit(train);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
        Console.WriteLine($"{method}: accuracy {metrics.MicroAccuracy:P2}, log-loss {metrics.LogLoss:F4}, {watch.Elapsed.TotalSeconds:F1} s; {model.LastTransformer.Model}");
        Assert.IsTrue(metrics.MicroAccuracy > 0.93, $"{method} accuracy {metrics.MicroAccuracy:P2}");
        if (method != SparseTrainingMethod.Dense)
            Assert.AreEqual(0.1, model.LastTransformer.Model.Layers[0].Density, 0.01);
    }
}
