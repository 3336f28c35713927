// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Persistence;
using Microsoft.ML.Sparse.Samples.ModelServer;
using Microsoft.ML.Sparse.Scoring;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse.Tests.Persistence;

/// <summary>Our transformers inside ML.NET workflows built around estimators, and in the model-server sample.</summary>
[TestClass]
public sealed class MlNetWorkflowTests
{
    /// <summary>An estimator that "trains" the hand-set three-class model (stands in for the sparse MLP trainer).</summary>
    private sealed class FixedModelEstimator : IEstimator<SparseMulticlassPredictionTransformer>
    {
        private readonly MLContext _ml;

        public FixedModelEstimator(MLContext ml) => _ml = ml;

        public SparseMulticlassPredictionTransformer Fit(IDataView input) =>
            SparsePredictionTransformerFactory.CreateMulticlass(_ml, new MlpScorer(PredictionTestKit.ThreeClassModel()), "Features", input.Schema["Label"]);

        public SchemaShape GetOutputSchema(SchemaShape inputSchema)
        {
            ColumnSchemaChecks.CheckFeatureColumn(inputSchema, "Features");
            var label = ColumnSchemaChecks.CheckLabelColumn(inputSchema, "Label", SparsePredictionKind.MulticlassClassification);
            return SchemaShapeHelper.MulticlassOutput(inputSchema, label);
        }
    }

    private static IDataView SixtyRows(MLContext ml)
    {
        var random = new Random(4);
        var rows = Enumerable.Range(0, 60).Select(i => new PredictionTestKit.Row
        {
            Features = Enumerable.Range(0, 4).Select(_ => (float)random.NextDouble() * 4 - 1).ToArray(),
            Label = PredictionTestKit.ClassNames[random.Next(3)],
        }).ToList();
        return ml.Data.LoadFromEnumerable(rows);
    }

    [TestMethod]
    public void CrossValidateScoresEveryFoldWithTheSparseTransformer()
    {
        var ml = new MLContext(1);
        var raw = SixtyRows(ml);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", keyData: ml.Data.LoadFromEnumerable(PredictionTestKit.ClassNames.Select(n => new { Label = n })))
            .Append(new FixedModelEstimator(ml));
        var folds = ml.MulticlassClassification.CrossValidate(raw, pipeline, numberOfFolds: 3);

        Assert.HasCount(3, folds);
        int scoredRows = 0;
        foreach (var fold in folds)
        {
            var labels = fold.ScoredHoldOutSet.GetColumn<uint>("Label").ToArray();
            var predicted = fold.ScoredHoldOutSet.GetColumn<uint>("PredictedLabel").ToArray();
            var features = fold.ScoredHoldOutSet.GetColumn<float[]>("Features").ToArray();
            for (int i = 0; i < features.Length; i++)
            {
                var logits = PredictionTestKit.ThreeClassLogits(features[i]);
                Assert.AreEqual((uint)(Array.IndexOf(logits, logits.Max()) + 1), predicted[i]);
            }
            double accuracy = labels.Zip(predicted).Count(p => p.First == p.Second) / (double)labels.Length;
            Assert.AreEqual(accuracy, fold.Metrics.MicroAccuracy, 1e-12);
            Assert.IsInstanceOfType<SparseMulticlassPredictionTransformer>(((IEnumerable<ITransformer>)fold.Model).Last());
            scoredRows += labels.Length;
        }
        Assert.AreEqual(60, scoredRows);
    }

    [TestMethod]
    public void ModelServerHostServesASavedSparseModel()
    {
        var ml = new MLContext(1);
        var featuresOnly = ml.Data.LoadFromEnumerable(new[] { new FeaturesRow() });
        string path = Path.Combine(Path.GetTempPath(), $"sparse-host-{Guid.NewGuid():N}.zip");
        File.WriteAllBytes(path, ZipRoundTrip.Save(ml, PredictionTestKit.Multiclass(ml), featuresOnly.Schema));
        try
        {
            var host = new ModelHost(path, poolSize: 2);
            CollectionAssert.AreEqual(PredictionTestKit.ClassNames, host.ClassNames.ToArray());
            Assert.AreEqual(4, host.FeatureCount);
            var features = PredictionTestKit.Rows()[1].Features;
            var prediction = host.Predict(features);
            Assert.AreEqual("dog", prediction.Label);
            var expected = PredictionTestKit.Softmax(PredictionTestKit.ThreeClassLogits(features));
            Assert.AreEqual(expected[1], prediction.Scores!["dog"], 1e-6);
            Assert.AreEqual(expected[2], prediction.Scores["bird"], 1e-6);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class FeaturesRow
    {
        [VectorType(PredictionTestKit.FeatureCount)]
        public float[] Features { get; set; } = new float[PredictionTestKit.FeatureCount];
    }
}
