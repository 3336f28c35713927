// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Scoring;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse.Tests.Persistence;

[TestClass]
public sealed class TransformerRoundTripTests
{
    private static List<(float[] Score, uint Label)> ReadMulticlass(IDataView scored)
    {
        var result = new List<(float[], uint)>();
        using var cursor = scored.GetRowCursor(scored.Schema);
        var score = cursor.GetGetter<VBuffer<float>>(scored.Schema["Score"]);
        var label = cursor.GetGetter<uint>(scored.Schema["PredictedLabel"]);
        VBuffer<float> s = default;
        uint l = 0;
        while (cursor.MoveNext())
        {
            score(ref s);
            label(ref l);
            result.Add((s.DenseValues().ToArray(), l));
        }
        return result;
    }

    private static List<float[]> ReadScalars(IDataView scored, params string[] columns)
    {
        var result = new List<float[]>();
        using var cursor = scored.GetRowCursor(scored.Schema);
        var getters = columns.Select(c => scored.Schema[c].Type is BooleanDataViewType
            ? (Func<float>)(() => { bool b = false; cursor.GetGetter<bool>(scored.Schema[c])(ref b); return b ? 1f : 0f; })
            : () => { float f = 0; cursor.GetGetter<float>(scored.Schema[c])(ref f); return f; }).ToArray();
        while (cursor.MoveNext())
            result.Add(getters.Select(g => g()).ToArray());
        return result;
    }

    private static string Text(DataViewSchema.Column column, string kind)
    {
        ReadOnlyMemory<char> value = default;
        column.Annotations.GetValue(kind, ref value);
        return value.ToString();
    }

    private static string[] TextVector(DataViewSchema.Column column, string kind)
    {
        VBuffer<ReadOnlyMemory<char>> value = default;
        column.Annotations.GetValue(kind, ref value);
        return value.DenseValues().Select(v => v.ToString()).ToArray();
    }

    private static uint SetId(DataViewSchema.Column column)
    {
        uint value = 0;
        column.Annotations.GetValue("ScoreColumnSetId", ref value);
        return value;
    }

    [TestMethod]
    public void MulticlassLoadsAsOurTypeWithIdenticalScoresAndAnnotations()
    {
        var ml = new MLContext(1);
        var data = PredictionTestKit.KeyedData(ml, out _);
        var original = PredictionTestKit.Multiclass(ml);
        var loaded = ZipRoundTrip.Single<SparseMulticlassPredictionTransformer>(ZipRoundTrip.RoundTrip(ml, original, data.Schema));

        Assert.AreEqual("Features", loaded.FeatureColumnName);
        Assert.AreEqual(3, loaded.ClassCount);
        CollectionAssert.AreEqual(PredictionTestKit.ClassNames, loaded.ClassNames.ToArray());
        Assert.AreEqual(original.Model.ActiveLinks, loaded.Model.ActiveLinks);
        Assert.AreEqual("MLP 4-3-3", loaded.Model.Architecture);

        var expected = ReadMulticlass(original.Transform(data));
        var actual = ReadMulticlass(loaded.Transform(data));
        Assert.HasCount(6, actual);
        for (int i = 0; i < expected.Count; i++)
        {
            CollectionAssert.AreEqual(expected[i].Score, actual[i].Score, $"row {i}");   // bit-for-bit
            Assert.AreEqual(expected[i].Label, actual[i].Label);
            var probabilities = PredictionTestKit.Softmax(PredictionTestKit.ThreeClassLogits(PredictionTestKit.Rows()[i].Features));
            for (int c = 0; c < 3; c++)
                Assert.AreEqual(probabilities[c], actual[i].Score[c], 1e-6);
        }
        CollectionAssert.AreEqual(new uint[] { 1, 2, 3, 1, 2, 2 }, actual.Select(a => a.Label).ToArray());

        var schema = loaded.GetOutputSchema(data.Schema);
        var score = schema["Score"];
        var predicted = schema["PredictedLabel"];
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 3), score.Type);
        Assert.AreEqual(new KeyDataViewType(typeof(uint), 3), predicted.Type);
        CollectionAssert.AreEqual(PredictionTestKit.ClassNames, TextVector(score, "SlotNames"));
        CollectionAssert.AreEqual(PredictionTestKit.ClassNames, TextVector(score, "TrainingLabelValues"));
        CollectionAssert.AreEqual(PredictionTestKit.ClassNames, TextVector(predicted, "KeyValues"));
        Assert.AreEqual("MulticlassClassification", Text(score, "ScoreColumnKind"));
        Assert.AreEqual("Score", Text(score, "ScoreValueKind"));
        Assert.AreEqual("PredictedLabel", Text(predicted, "ScoreValueKind"));
        Assert.AreEqual(1u, SetId(score));
        Assert.AreEqual(1u, SetId(predicted));
    }

    [TestMethod]
    public void BinaryAndRegressionRoundTripBitForBit()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(PredictionTestKit.Rows());
        var binary = SparsePredictionTransformerFactory.CreateBinary(ml, new MlpScorer(PredictionTestKit.OneOutputModel()), "Features");
        var regression = SparsePredictionTransformerFactory.CreateRegression(ml, new MlpScorer(PredictionTestKit.OneOutputModel()), "Features");

        var loadedBinary = ZipRoundTrip.Single<SparseBinaryPredictionTransformer>(ZipRoundTrip.RoundTrip(ml, binary, data.Schema));
        var loadedRegression = ZipRoundTrip.Single<SparseRegressionPredictionTransformer>(ZipRoundTrip.RoundTrip(ml, regression, data.Schema));

        var columns = new[] { "Score", "Probability", "PredictedLabel" };
        var expectedBinary = ReadScalars(binary.Transform(data), columns);
        var actualBinary = ReadScalars(loadedBinary.Transform(data), columns);
        var rows = PredictionTestKit.Rows();
        for (int i = 0; i < rows.Count; i++)
        {
            CollectionAssert.AreEqual(expectedBinary[i], actualBinary[i]);
            float logit = PredictionTestKit.OneOutputLogit(rows[i].Features);
            Assert.AreEqual(logit, actualBinary[i][0], 1e-6);
            Assert.AreEqual(1 / (1 + Math.Exp(-logit)), actualBinary[i][1], 1e-6);
            Assert.AreEqual(logit > 0 ? 1f : 0f, actualBinary[i][2]);
        }
        var expectedRegression = ReadScalars(regression.Transform(data), "Score");
        var actualRegression = ReadScalars(loadedRegression.Transform(data), "Score");
        for (int i = 0; i < rows.Count; i++)
            CollectionAssert.AreEqual(expectedRegression[i], actualRegression[i]);

        var binarySchema = loadedBinary.GetOutputSchema(data.Schema);
        Assert.AreEqual("BinaryClassification", Text(binarySchema["Probability"], "ScoreColumnKind"));
        Assert.AreEqual("Probability", Text(binarySchema["Probability"], "ScoreValueKind"));
        bool normalized = false;
        binarySchema["Probability"].Annotations.GetValue("IsNormalized", ref normalized);
        Assert.IsTrue(normalized);
        Assert.AreEqual(BooleanDataViewType.Instance, binarySchema["PredictedLabel"].Type);
        Assert.AreEqual("Regression", Text(loadedRegression.GetOutputSchema(data.Schema)["Score"], "ScoreColumnKind"));
    }

    [TestMethod]
    public void WholePipelineWithKeyMappingRoundTrips()
    {
        var ml = new MLContext(1);
        var raw = ml.Data.LoadFromEnumerable(PredictionTestKit.Rows());
        var keys = PredictionTestKit.KeyedData(ml, out var label);
        var toKey = ml.Transforms.Conversion.MapValueToKey("Label", keyData: ml.Data.LoadFromEnumerable(PredictionTestKit.ClassNames.Select(n => new { Label = n }))).Fit(raw);
        var sparse = SparsePredictionTransformerFactory.CreateMulticlass(ml, new MlpScorer(PredictionTestKit.ThreeClassModel()), "Features", label);
        var scored = sparse.Transform(toKey.Transform(raw));
        var toValue = ml.Transforms.Conversion.MapKeyToValue("PredictedLabel").Fit(scored);
        var pipeline = new TransformerChain<ITransformer>(toKey, sparse, toValue);

        var loaded = ZipRoundTrip.Load(ZipRoundTrip.Save(ml, pipeline, raw.Schema), out var inputSchema);
        var chain = (TransformerChain<ITransformer>)loaded;
        Assert.IsInstanceOfType<SparseMulticlassPredictionTransformer>(chain.ElementAt(1));
        Assert.AreEqual(raw.Schema.Count, inputSchema.Count);

        var predicted = loaded.Transform(raw).GetColumn<string>("PredictedLabel").ToArray();
        CollectionAssert.AreEqual(new[] { "cat", "dog", "bird", "cat", "dog", "dog" }, predicted);
        CollectionAssert.AreEqual(pipeline.Transform(raw).GetColumn<string>("PredictedLabel").ToArray(), predicted);
    }

    [TestMethod]
    public void ParallelCursorsProduceTheSameScores()
    {
        var ml = new MLContext(1);
        var rows = Enumerable.Range(0, 500).Select(i => new PredictionTestKit.Row { Features = new[] { i % 7 - 3f, i % 5 - 1f, i % 3f, 1f }, Label = "cat" }).ToList();
        var data = ml.Data.Cache(ml.Data.LoadFromEnumerable(rows));
        var transformer = PredictionTestKit.Multiclass(ml);
        var scored = transformer.Transform(data);
        var sequential = scored.GetColumn<float[]>("Score").Select(s => s.ToArray()).ToArray();
        var cursors = scored.GetRowCursorSet(new[] { scored.Schema["Score"] }, 3);
        Assert.IsGreaterThan(1, cursors.Length, "the cached view must split into parallel cursors");
        var seen = new Dictionary<long, float[]>();
        Parallel.ForEach(cursors, cursor =>
        {
            var getter = cursor.GetGetter<VBuffer<float>>(scored.Schema["Score"]);
            var id = cursor.GetIdGetter();
            VBuffer<float> value = default;
            DataViewRowId rowId = default;
            while (cursor.MoveNext())
            {
                getter(ref value);
                id(ref rowId);
                lock (seen)
                    seen[(long)rowId.Low] = value.DenseValues().ToArray();
            }
            cursor.Dispose();
        });
        Assert.HasCount(500, seen);
        for (int i = 0; i < 500; i++)
            CollectionAssert.AreEqual(sequential[i], seen[i], $"row {i}");
    }
}
