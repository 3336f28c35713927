// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Samples.Datasets;
using Microsoft.ML.Sparse.Tests.Mlp;

namespace Microsoft.ML.Sparse.Tests.Persistence;

/// <summary>
/// ONNX export on real data: sparse MLPs trained on digits and Fashion-MNIST behind ML.NET's min-max normaliser score
/// in ONNX Runtime as in ML.NET (Score within 1e-5, same PredictedLabel on every test row).
/// </summary>
[DatasetTestClass]
[TestCategory(TestLanes.Dataset)]
public sealed class OnnxExportDatasetTests
{
    private const double Tolerance = 1e-5;

    [TestMethod]
    [DataRow(SparseTrainingMethod.Chts)]
    [DataRow(SparseTrainingMethod.Dense)]
    public void DigitsModelScoresTheSameInOnnxRuntime(SparseTrainingMethod method)
    {
        var ml = new MLContext(seed: 1);
        var (train, test) = SparseMlpTestKit.DigitsSplit(ml);
        var model = ml.Transforms.NormalizeMinMax("Features")
            .Append(ml.MulticlassClassification.Trainers.SparseMlp(SparseMlpTestKit.FastOptions(method)))
            .Fit(train);
        AssertOnnxMatches(ml, model, test, "digits " + method);
    }

    [TestMethod]
    public void FashionMnistOnePercentModelScoresTheSameInOnnxRuntime()
    {
        var ml = new MLContext(seed: 1);
        var train = FashionMnist.Load(DatasetSplit.Train, maxRows: 3000).ToDataView(ml);
        var test = FashionMnist.Load(DatasetSplit.Test, maxRows: 1000).ToDataView(ml);
        var options = new SparseMlpOptions
        {
            HiddenLayerSizes = new[] { 512, 512 },
            NumberOfEpochs = 2,
            BatchSize = 64,
            Seed = 7,
            Topology = new SparseTopologyOptions { Method = SparseTrainingMethod.Chts, Density = 0.01 },
        };
        var model = ml.Transforms.NormalizeMinMax("Features")
            .Append(ml.MulticlassClassification.Trainers.SparseMlp(options))
            .Fit(train);
        AssertOnnxMatches(ml, model, test, "Fashion-MNIST 1%");
    }

    private static void AssertOnnxMatches(MLContext ml, ITransformer model, IDataView test, string what)
    {
        var scored = model.Transform(test);
        byte[] onnx = OnnxTestKit.Export(ml, model, test);
        var outputs = OnnxTestKit.Run(onnx, test);

        float[] expected = scored.GetColumn<float[]>("Score").SelectMany(s => s).ToArray();
        double diff = OnnxTestKit.MaxAbsDifference((float[])outputs["Score"], expected);
        Console.WriteLine($"{what}: .onnx {onnx.Length} B, max |onnx - ml.net| Score {diff:E2}");
        Assert.IsLessThanOrEqualTo(Tolerance, diff, $"{what}: Score differs by {diff}");
        CollectionAssert.AreEqual(scored.GetColumn<uint>("PredictedLabel").ToArray(), (uint[])outputs["PredictedLabel"], what);
    }
}
