// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Persistence;
using Microsoft.ML.Sparse.Tests.Persistence;
using static Microsoft.ML.Sparse.Tests.Mlp.SparseMlpTestKit;

namespace Microsoft.ML.Sparse.Tests.Mlp;

/// <summary>The trained sparse MLP inside ordinary ML.NET workflows: pipelines, Save/Load, Evaluate, PredictionEngine, CrossValidate.</summary>
[DatasetTestClass]
[TestCategory(TestLanes.Dataset)]
public sealed class SparseMlpWorkflowTests
{
    [TestMethod]
    public void SaveLoadInFreshContextGivesBitIdenticalScoresAndTheSameMetrics()
    {
        var ml = new MLContext(seed: 1);
        var (train, test) = DigitsSplit(ml);
        var model = ml.MulticlassClassification.Trainers.SparseMlp(FastOptions()).Fit(train);
        var before = ml.MulticlassClassification.Evaluate(model.Transform(test));

        var loaded = ZipRoundTrip.Load(ZipRoundTrip.Save(ml, model, train.Schema), out var schema);
        var transformer = ZipRoundTrip.Single<SparseMulticlassPredictionTransformer>(loaded);
        Assert.AreEqual(model.Model.ToString(), transformer.Model.ToString());
        Assert.AreEqual(train.Schema["Features"].Type, schema["Features"].Type);

        var expected = Scores(model.Transform(test));
        var actual = Scores(loaded.Transform(test));
        Assert.HasCount(expected.Length, actual);
        for (int i = 0; i < expected.Length; i++)
            CollectionAssert.AreEqual(expected[i], actual[i], $"row {i}");

        var after = new MLContext(seed: 2).MulticlassClassification.Evaluate(loaded.Transform(test));
        Assert.AreEqual(before.MicroAccuracy, after.MicroAccuracy);
        Assert.AreEqual(before.LogLoss, after.LogLoss);
        Assert.IsTrue(after.MicroAccuracy > 0.85, $"accuracy {after.MicroAccuracy:P1}");
    }

    [TestMethod]
    public void WholePipelineWithNormalizerAndKeyMappingRoundTrips()
    {
        var ml = new MLContext(seed: 1);
        var digits = Digits();
        var raw = ml.Data.LoadFromEnumerable(
            Enumerable.Range(0, digits.Count).Select(i => new TextLabelRow { Features = digits.Features[i].Select(v => v * 16).ToArray(), Label = "digit" + digits.Labels[i] }),
            SchemaDefinitionFor64());
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.MulticlassClassification.Trainers.SparseMlp(FastOptions()))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var model = pipeline.Fit(raw);

        var loaded = ZipRoundTrip.Load(ZipRoundTrip.Save(ml, model, raw.Schema), out _);
        var expected = model.Transform(raw).GetColumn<string>("PredictedLabel").ToArray();
        var actual = loaded.Transform(raw).GetColumn<string>("PredictedLabel").ToArray();
        CollectionAssert.AreEqual(expected, actual);
        Assert.IsTrue(actual.Zip(digits.Labels).Count(p => p.First == "digit" + p.Second) > 0.85 * actual.Length);
    }

    [TestMethod]
    public void PredictionEngineOnLoadedModelMatchesTransform()
    {
        var ml = new MLContext(seed: 1);
        var (train, test) = DigitsSplit(ml);
        var model = ml.MulticlassClassification.Trainers.SparseMlp(FastOptions()).Fit(train);
        var loaded = ZipRoundTrip.Load(ZipRoundTrip.Save(ml, model, train.Schema), out _);

        var ml2 = new MLContext(seed: 3);
        using var engine = ml2.Model.CreatePredictionEngine<FeaturesInput, MulticlassOutput>(loaded);
        var features = Features(test);
        var scores = Scores(model.Transform(test));
        var labels = model.Transform(test).GetColumn<uint>("PredictedLabel").ToArray();
        for (int i = 0; i < 50; i++)
        {
            var prediction = engine.Predict(new FeaturesInput { Features = features[i] });
            CollectionAssert.AreEqual(scores[i], prediction.Score, $"row {i}");
            Assert.AreEqual(labels[i], prediction.PredictedLabel);
            Assert.AreEqual(1.0, prediction.Score.Sum(), 1e-5);
        }
    }

    [TestMethod]
    public void CrossValidateTrainsAndEvaluatesEveryFold()
    {
        var ml = new MLContext(seed: 1);
        var data = Digits().ToDataView(ml);
        var folds = ml.MulticlassClassification.CrossValidate(data, ml.MulticlassClassification.Trainers.SparseMlp(FastOptions(epochs: 8)), numberOfFolds: 3);
        Assert.HasCount(3, folds);
        foreach (var fold in folds)
        {
            var labels = fold.ScoredHoldOutSet.GetColumn<uint>("Label").ToArray();
            var predicted = fold.ScoredHoldOutSet.GetColumn<uint>("PredictedLabel").ToArray();
            double accuracy = labels.Zip(predicted).Count(p => p.First == p.Second) / (double)labels.Length;
            Assert.AreEqual(accuracy, fold.Metrics.MicroAccuracy, 1e-12);
            Console.WriteLine($"fold {fold.Fold}: accuracy {accuracy:P1}");
            Assert.IsTrue(accuracy > 0.8, $"fold {fold.Fold} accuracy {accuracy:P1}");
        }
    }

    [TestMethod]
    public void PermutationFeatureImportanceRunsOnTheTrainedModel()
    {
        var ml = new MLContext(seed: 1);
        var (train, test) = DigitsSplit(ml);
        var model = ml.MulticlassClassification.Trainers.SparseMlp(FastOptions()).Fit(train);
        var importance = ml.MulticlassClassification.PermutationFeatureImportance(model, test, permutationCount: 1);
        Assert.HasCount(64, importance);
        // The border pixels of the 8x8 digits are almost always 0: permuting them cannot matter. Central pixels do.
        Assert.AreEqual(0, importance[0].MicroAccuracy.Mean, 1e-9);
        Assert.IsTrue(importance.Min(m => m.MicroAccuracy.Mean) < -0.005);
    }

    [TestMethod]
    public void GetOutputSchemaDeclaresTheColumnsFitProduces()
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = DigitsSplit(ml);
        var trainer = ml.MulticlassClassification.Trainers.SparseMlp(FastOptions(epochs: 1));
        var shape = trainer.GetOutputSchema(SchemaShapeHelper.FromSchema(train.Schema));
        var schema = trainer.Fit(train).GetOutputSchema(train.Schema);
        foreach (var name in new[] { "Score", "PredictedLabel" })
        {
            Assert.IsTrue(SchemaShapeHelper.TryFindColumn(shape, name, out var declared), name);
            var actual = schema[name];
            Assert.AreEqual(declared.ItemType, actual.Type is VectorDataViewType v ? v.ItemType : actual.Type is KeyDataViewType ? NumberDataViewType.UInt32 : actual.Type, name);
            Assert.AreEqual(declared.IsKey, actual.Type is KeyDataViewType, name);
        }
    }

    private sealed class TextLabelRow
    {
        public float[] Features { get; set; } = Array.Empty<float>();

        public string Label { get; set; } = "";
    }

    private static SchemaDefinition SchemaDefinitionFor64()
    {
        var schema = SchemaDefinition.Create(typeof(TextLabelRow));
        schema[nameof(TextLabelRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 64);
        return schema;
    }
}
