// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Scoring;
using Microsoft.ML.Sparse.Tests.Persistence;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse.Tests.Trainers;

[TestClass]
public sealed class PredictionTransformerFactoryTests
{
    [TestMethod]
    public void MulticlassNeedsAKeyLabelWithOneClassPerOutput()
    {
        var ml = new MLContext(1);
        var raw = ml.Data.LoadFromEnumerable(PredictionTestKit.Rows());
        var scorer = new MlpScorer(PredictionTestKit.ThreeClassModel());
        var notKey = Assert.ThrowsExactly<ArgumentException>(() => SparsePredictionTransformerFactory.CreateMulticlass(ml, scorer, "Features", raw.Schema["Label"]));
        StringAssert.Contains(notKey.Message, "must be a key type (use mlContext.Transforms.Conversion.MapValueToKey)");

        var twoClasses = ml.Transforms.Conversion.MapValueToKey("Label", keyData: ml.Data.LoadFromEnumerable(new[] { new { Label = "cat" }, new { Label = "dog" } })).Fit(raw).Transform(raw);
        var mismatch = Assert.ThrowsExactly<ArgumentException>(() => SparsePredictionTransformerFactory.CreateMulticlass(ml, scorer, "Features", twoClasses.Schema["Label"]));
        StringAssert.Contains(mismatch.Message, "has 2 classes but the model has 3 outputs");
    }

    [TestMethod]
    public void BinaryAndRegressionNeedOneOutput()
    {
        var ml = new MLContext(1);
        var three = new MlpScorer(PredictionTestKit.ThreeClassModel());
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => SparsePredictionTransformerFactory.CreateBinary(ml, three, "Features")).Message, "needs 1 output(s), the scorer produces 3");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => SparsePredictionTransformerFactory.CreateRegression(ml, three, "Features")).Message, "needs 1 output(s), the scorer produces 3");
    }

    [TestMethod]
    public void ScoringDataWithoutOrWithAWrongFeatureColumnFailsClearly()
    {
        var ml = new MLContext(1);
        var transformer = PredictionTestKit.Multiclass(ml);
        var missing = ml.Data.LoadFromEnumerable(new[] { new { Other = 1f } });
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => transformer.Transform(missing)).Message, "scores column 'Features', which the input does not have");

        var wrongSize = ml.Data.LoadFromEnumerable(new[] { new FiveFeatures() });
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => transformer.GetOutputSchema(wrongSize.Schema)).Message,
            "Column 'Features' has type Vector<Single, 5>, but the model was trained on Vector<Single, 4>");
    }

    [TestMethod]
    public void SparseInputVectorsScoreLikeDenseOnes()
    {
        var scorer = new MlpScorer(PredictionTestKit.ThreeClassModel());
        var dense = new float[3];
        var sparse = new float[3];
        var values = new[] { 2f, 0f, 3f, 0f };
        scorer.Score(new VBuffer<float>(4, values), dense);
        scorer.Score(new VBuffer<float>(4, 2, new[] { 2f, 3f }, new[] { 0, 2 }), sparse);
        CollectionAssert.AreEqual(dense, sparse);
        CollectionAssert.AreEqual(PredictionTestKit.ThreeClassLogits(values), sparse);
    }

    [TestMethod]
    public void SoftmaxAndArgMaxFollowMlNetConventions()
    {
        var values = new[] { 1f, 3f, 3f, -2f };
        Assert.AreEqual(2u, SparseMulticlassPredictionTransformer.ArgMaxKey(values), "first maximum wins");
        Assert.AreEqual(0u, SparseMulticlassPredictionTransformer.ArgMaxKey(new[] { float.NaN, float.NaN }), "all NaN: missing key");
        Assert.AreEqual(1u, SparseMulticlassPredictionTransformer.ArgMaxKey(new[] { 1000f, -1000f }));
        var big = new[] { 1000f, 999f };
        SparseMulticlassPredictionTransformer.Softmax(big);
        Assert.AreEqual(1 / (1 + Math.Exp(-1)), big[0], 1e-6);
        Assert.AreEqual(0.5f, SparseBinaryPredictionTransformer.Sigmoid(0f));
    }

    /// <summary>Counts its forward passes; logit = first feature.</summary>
    private sealed class CountingScorer : SparseScorer<VBuffer<float>>
    {
        public int Calls;

        public override SparseScorerKind Kind => SparseScorerKind.Mlp;

        public override DataViewType InputType => new VectorDataViewType(NumberDataViewType.Single, PredictionTestKit.FeatureCount);

        public override int OutputSize => 1;

        public override SparseModelInfo Info => new("counting", PredictionTestKit.FeatureCount, 1, Array.Empty<SparseLayerInfo>(), 0, 0);

        public override void Score(in VBuffer<float> input, Span<float> outputs)
        {
            Interlocked.Increment(ref Calls);
            outputs[0] = input.GetItemOrDefault(0);
        }

        public override void Save(BinaryWriter writer) => throw new NotSupportedException();
    }

    [TestMethod]
    public void EachRowIsScoredOnceForAllOutputColumns()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(PredictionTestKit.Rows());
        var scorer = new CountingScorer();
        var scored = SparsePredictionTransformerFactory.CreateBinary(ml, scorer, "Features").Transform(data);
        using (var cursor = scored.GetRowCursor(scored.Schema))
        {
            var score = cursor.GetGetter<float>(scored.Schema["Score"]);
            var probability = cursor.GetGetter<float>(scored.Schema["Probability"]);
            var label = cursor.GetGetter<bool>(scored.Schema["PredictedLabel"]);
            float s = 0, p = 0;
            bool l = false;
            while (cursor.MoveNext())
            {
                score(ref s);
                probability(ref p);
                label(ref l);
                label(ref l);
                score(ref s);
            }
        }
        Assert.AreEqual(6, scorer.Calls);

        scorer.Calls = 0;
        using (var cursor = scored.GetRowCursor(new[] { scored.Schema["Target"] }))
            while (cursor.MoveNext())
            {
            }
        Assert.AreEqual(0, scorer.Calls, "no forward pass when no prediction column is read");
    }

    private sealed class FiveFeatures
    {
        [VectorType(5)]
        public float[] Features { get; set; } = new float[5];
    }
}
