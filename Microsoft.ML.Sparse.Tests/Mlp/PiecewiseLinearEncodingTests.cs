// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Inference;
using Microsoft.ML.Sparse.Mlp;
using Microsoft.ML.Sparse.Tests.Persistence;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse.Tests.Mlp;

/// <summary>The piecewise-linear input encoding (FeatureEncoding): hand-computed bins, the automatic choice, save/load.</summary>
[TestClass]
public sealed class PiecewiseLinearEncodingTests
{
    private sealed class Row
    {
        public float[] Features { get; set; } = Array.Empty<float>();
        public float Label { get; set; }
    }

    private static IDataView View(MLContext ml, IReadOnlyList<float[]> features, Func<int, float> label)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features[0].Length);
        return ml.Data.LoadFromEnumerable(features.Select((x, i) => new Row { Features = x, Label = label(i) }).ToArray(), schema);
    }

    private static float[] Encode(PiecewiseLinearEncoding encoding, params float[] x)
    {
        var y = new float[encoding.Layer.OutputSize];
        encoding.Layer.Forward(x, y);
        return y;
    }

    [TestMethod]
    public void BinsAreTrainingQuantilesAndEachInputIsAClampedLinearRamp()
    {
        // Feature 0: 0..8 -> 4 bins at the quantiles 0, 2, 4, 6, 8. Feature 1: two values {0, 5} -> one input (x - 0)/5.
        // Feature 2: constant -> left out.
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(0, 9).Select(i => new[] { (float)i, i % 2 == 0 ? 0f : 5f, 3f }).ToArray();
        var data = TrainingDataReader.Read(View(ml, rows, i => i), "Features", "Label", SparsePredictionKind.Regression);
        var encoding = PiecewiseLinearEncoding.Fit(data, bins: 4)!;

        Assert.AreEqual(3, encoding.Layer.InputSize);
        Assert.AreEqual(5, encoding.Layer.OutputSize);
        Assert.AreEqual(MlpActivation.Clamp01, encoding.Layer.Activation);
        CollectionAssert.AreEqual(new[] { 1f, 0.5f, 0f, 0f, 1f }, Encode(encoding, 3, 5, 3));
        CollectionAssert.AreEqual(new[] { 1f, 1f, 1f, 0.5f, 0.5f }, Encode(encoding, 7, 2.5f, 3));
        CollectionAssert.AreEqual(new[] { 0f, 0f, 0f, 0f, 0f }, Encode(encoding, -1, -4, 9), "below the training range: saturates at 0");
        CollectionAssert.AreEqual(new[] { 1f, 1f, 1f, 1f, 1f }, Encode(encoding, 100, 10, 3), "above the training range: saturates at 1");

        var encoded = encoding.Encode(data);
        Assert.AreEqual(5, encoded.FeatureCount);
        CollectionAssert.AreEqual(Encode(encoding, 3, 5, 3), encoded.Row(3).ToArray());
        CollectionAssert.AreEqual(data.Targets, encoded.Targets);
    }

    [TestMethod]
    public void ConstantFeaturesOnlyGiveNoEncoding()
    {
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(0, 5).Select(_ => new[] { 1f, 2f }).ToArray();
        var data = TrainingDataReader.Read(View(ml, rows, i => i), "Features", "Label", SparsePredictionKind.Regression);
        Assert.IsNull(PiecewiseLinearEncoding.Fit(data, bins: 8));
    }

    /// <summary>A table whose class is a threshold rule on two of four features (what a tree finds at once).</summary>
    private static IDataView ThresholdTable(MLContext ml, int rows, int seed, out float[][] features)
    {
        var random = new Random(seed);
        features = Enumerable.Range(0, rows).Select(_ => Enumerable.Range(0, 4).Select(j => (float)(random.NextDouble() * (j + 1) * 10)).ToArray()).ToArray();
        var x = features;
        return View(ml, x, i => x[i][0] > 3 && x[i][1] < 12 ? 1 : x[i][0] > 3 ? 2 : 0);
    }

    private static SparseMlpOptions Fast(FeatureEncoding encoding = FeatureEncoding.Auto) => new()
    {
        NumberOfEpochs = 5,
        Seed = 3,
        FeatureEncoding = encoding,
        Topology = new SparseTopologyOptions { Density = 0.2 },
    };

    [TestMethod]
    public void ClassificationOnATableIsEncodedAndTheSavedModelScoresTheSameAfterLoad()
    {
        var ml = new MLContext(seed: 1);
        var table = ThresholdTable(ml, SparseMlpDefaults.SmallTableRows, 5, out _);
        var data = ml.Transforms.Conversion.MapValueToKey("Label").Fit(table).Transform(table);
        var model = ml.MulticlassClassification.Trainers.SparseMlp(Fast()).Fit(data);

        Assert.AreEqual(FeatureEncoding.PiecewiseLinear, model.TrainingSummary!.FeatureEncoding);
        Assert.AreEqual(4, model.Model.InputSize, "the model scores the raw features");
        Assert.AreEqual(4 * SparseMlpDefaults.PiecewiseLinearBins, model.Model.Layers[0].InputSize, "the first trained layer takes one input per bin");
        StringAssert.Contains(model.Model.ToString(), "piecewise-linear encoded into 128");
        double accuracy = ml.MulticlassClassification.Evaluate(model.Transform(data)).MicroAccuracy;
        Assert.IsGreaterThan(0.9, accuracy, $"training accuracy {accuracy:P1} on a two-threshold rule");

        var loaded = ZipRoundTrip.RoundTrip(ml, model, data.Schema);
        var before = model.Transform(data).GetColumn<float[]>("Score").SelectMany(v => v).Select(BitConverter.SingleToInt32Bits).ToArray();
        var after = loaded.Transform(data).GetColumn<float[]>("Score").SelectMany(v => v).Select(BitConverter.SingleToInt32Bits).ToArray();
        CollectionAssert.AreEqual(before, after, "scores after Save/Load must be bit-for-bit equal");
    }

    [TestMethod]
    public void RegressionSmallTablesAndAnExplicitNoneAreNotEncoded()
    {
        var ml = new MLContext(seed: 1);
        var table = ThresholdTable(ml, SparseMlpDefaults.SmallTableRows, 6, out _);
        var regression = ml.Regression.Trainers.SparseMlp(Fast()).Fit(table);
        Assert.AreEqual(FeatureEncoding.None, regression.TrainingSummary!.FeatureEncoding);
        Assert.AreEqual(4, regression.Model.Layers[0].InputSize);

        var data = ml.Transforms.Conversion.MapValueToKey("Label").Fit(table).Transform(table);
        var plain = ml.MulticlassClassification.Trainers.SparseMlp(Fast(FeatureEncoding.None)).Fit(data);
        Assert.AreEqual(FeatureEncoding.None, plain.TrainingSummary!.FeatureEncoding);
        Assert.AreEqual(4, plain.Model.Layers[0].InputSize);
        Assert.DoesNotContain("piecewise", plain.Model.ToString());

        var small = ThresholdTable(ml, SparseMlpDefaults.SmallTableRows - 1, 7, out _);
        var smallData = ml.Transforms.Conversion.MapValueToKey("Label").Fit(small).Transform(small);
        var smallModel = ml.MulticlassClassification.Trainers.SparseMlp(Fast()).Fit(smallData);
        Assert.AreEqual(FeatureEncoding.None, smallModel.TrainingSummary!.FeatureEncoding, "too few rows to place 32 quantiles per feature");

        var forced = ml.MulticlassClassification.Trainers.SparseMlp(Fast(FeatureEncoding.PiecewiseLinear)).Fit(smallData);
        Assert.AreEqual(FeatureEncoding.PiecewiseLinear, forced.TrainingSummary!.FeatureEncoding, "an explicit choice is kept");
    }

    [TestMethod]
    public void AnUnknownEncodingIsRejectedWithItsName()
    {
        var options = new SparseMlpOptions { FeatureEncoding = (FeatureEncoding)9 };
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new MLContext().MulticlassClassification.Trainers.SparseMlp(options));
        Assert.AreEqual(nameof(SparseMlpOptions.FeatureEncoding), error.ParamName);
    }
}
