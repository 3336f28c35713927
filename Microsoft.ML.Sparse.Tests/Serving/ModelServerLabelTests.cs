// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Samples.ModelServer;

namespace Microsoft.ML.Sparse.Tests.Serving;

/// <summary>
/// The server's label equals PredictionEngine's PredictedLabel row by row for numeric labels in shuffled order (where
/// the class index differs from the value), text labels and Boolean labels, with and without MapKeyToValue at the end
/// of the pipeline, for the sparse MLP and for an ML.NET trainer; GET /model lists the classes.
/// </summary>
[TestClass]
[TestCategory(TestLanes.Process)]
public sealed class ModelServerLabelTests
{
    private const int FeatureCount = 6;

    private sealed class Row<TLabel>
    {
        [VectorType(FeatureCount)] public float[] Features { get; set; } = [];
        public TLabel Label { get; set; } = default!;
    }

    private sealed class Predicted<TLabel>
    {
        public TLabel PredictedLabel { get; set; } = default!;
    }

    /// <summary>Rows whose class (0..classes-1) sets which features are high; the label of class c is <paramref name="label"/>(c).</summary>
    private static List<Row<TLabel>> Rows<TLabel>(int count, int classes, Func<int, TLabel> label, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            int c = random.Next(classes);
            return new Row<TLabel>
            {
                Label = label(c),
                Features = Enumerable.Range(0, FeatureCount).Select(j => (float)((j % classes == c ? 3.0 : 0.0) + random.NextDouble() - 0.5)).ToArray(),
            };
        }).ToList();
    }

    private static IEstimator<ITransformer> SparseMlp(MLContext ml) => ml.MulticlassClassification.Trainers.SparseMlp(new SparseMlpOptions
    {
        NumberOfEpochs = 8,
        HiddenLayerSizes = [16],
        Topology = new SparseTopologyOptions { Method = SparseTrainingMethod.Dense },
        Engine = SparseTrainingEngine.Managed,
    });

    /// <summary>
    /// Trains <paramref name="pipeline"/>, serves it and checks the label of 100 rows against PredictionEngine's
    /// PredictedLabel (<paramref name="expected"/> turns it into the API's text); returns the /model answer.
    /// </summary>
    private static async Task<JsonElement> AssertServerLabelsMatch<TLabel, TPredicted>(List<Row<TLabel>> rows, Func<MLContext, IEstimator<ITransformer>> pipeline,
        Func<TPredicted, string> expected)
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = pipeline(ml).Fit(data);
        string path = Path.Combine(Path.GetTempPath(), $"mlsparse-labels-{Guid.NewGuid():N}.zip");
        ml.Model.Save(model, data.Schema, path);
        var engine = ml.Model.CreatePredictionEngine<Row<TLabel>, Predicted<TPredicted>>(model);
        try
        {
            await using var server = await ServerTestKit.Start(path);
            var test = rows.Take(100).ToList();
            var response = await server.Http.PostAsJsonAsync("/predict/batch", new { rows = test.Select(r => r.Features).ToArray() });
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
            using var answers = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var labels = answers.RootElement.EnumerateArray().Select(a => a.GetProperty("label").GetString()).ToArray();
            for (int i = 0; i < test.Count; i++)
                Assert.AreEqual(expected(engine.Predict(test[i]).PredictedLabel), labels[i], $"row {i}");
            var single = await server.Http.PostAsJsonAsync("/predict", new { features = test[0].Features });
            using var one = JsonDocument.Parse(await single.Content.ReadAsStringAsync());
            Assert.AreEqual(labels[0], one.RootElement.GetProperty("label").GetString());
            using var description = JsonDocument.Parse(await server.Http.GetStringAsync("/model"));
            return description.RootElement.Clone();
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string[] Classes(JsonElement model) => model.GetProperty("classes").EnumerateArray().Select(e => e.GetString()!).ToArray();

    // Class c has label value order[c]; rows come in random order, so MapValueToKey numbers the classes by first
    // occurrence and class index and label value differ.
    private static readonly float[] Digits = [7, 2, 9, 0, 4];

    [TestMethod]
    public async Task NumericLabelsAnswerTheLabelValueNotTheClassIndex()
    {
        var rows = Rows(300, Digits.Length, c => Digits[c], seed: 11);
        var keyOrder = rows.Select(r => r.Label).Distinct().Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
        CollectionAssert.AreNotEqual(new[] { "0", "1", "2", "3", "4" }, keyOrder, "the key order must differ from the values for this test to mean anything");

        var model = await AssertServerLabelsMatch<float, float>(rows,
            ml => ml.Transforms.Conversion.MapValueToKey("Label").Append(SparseMlp(ml)).Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel")),
            v => v.ToString(CultureInfo.InvariantCulture));
        CollectionAssert.AreEqual(keyOrder, Classes(model), "classes in Score slot order");
        Assert.AreEqual("multiclass", model.GetProperty("kind").GetString());

        // Without MapKeyToValue, PredictedLabel is a key: the server maps it through the key's values (ML.NET's SDCA here).
        var rowsSdca = Rows(300, Digits.Length, c => Digits[c], seed: 12);
        var sdca = await AssertServerLabelsMatch<float, uint>(rowsSdca,
            ml => ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(maximumNumberOfIterations: 20)),
            key => rowsSdca.Select(r => r.Label).Distinct().ElementAt((int)key - 1).ToString(CultureInfo.InvariantCulture));
        CollectionAssert.AreEquivalent(Digits.Select(d => d.ToString(CultureInfo.InvariantCulture)).ToArray(), Classes(sdca));
    }

    [TestMethod]
    public async Task TextLabelsInShuffledOrderAnswerTheText()
    {
        string[] names = ["setosa", "virginica", "versicolor", "other"];
        var rows = Rows(300, names.Length, c => names[c], seed: 13);
        var model = await AssertServerLabelsMatch<string, string>(rows,
            ml => ml.Transforms.Conversion.MapValueToKey("Label").Append(SparseMlp(ml)).Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel")),
            v => v);
        CollectionAssert.AreEqual(rows.Select(r => r.Label).Distinct().ToArray(), Classes(model));
    }

    [TestMethod]
    public async Task BooleanLabelsAnswerTrueOrFalseForMulticlassAndBinaryModels()
    {
        var rows = Rows(300, 2, c => c == 0, seed: 14);
        var multiclass = await AssertServerLabelsMatch<bool, bool>(rows,
            ml => ml.Transforms.Conversion.MapValueToKey("Label").Append(SparseMlp(ml)).Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel")),
            v => v ? "true" : "false");
        CollectionAssert.AreEquivalent(new[] { "true", "false" }, Classes(multiclass));

        var binary = await AssertServerLabelsMatch<bool, bool>(rows,
            ml => ml.BinaryClassification.Trainers.SparseMlp(new SparseMlpOptions
            {
                NumberOfEpochs = 8,
                HiddenLayerSizes = [16],
                Topology = new SparseTopologyOptions { Method = SparseTrainingMethod.Dense },
                Engine = SparseTrainingEngine.Managed,
            }),
            v => v ? "true" : "false");
        Assert.AreEqual("binary", binary.GetProperty("kind").GetString());
        Assert.AreEqual(0, binary.GetProperty("classes").GetArrayLength());
    }

    [TestMethod]
    public void LabelValuesAreWrittenInTheInvariantCulture()
    {
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.AreEqual("2.5", ClassLabels.Format(2.5f));
            Assert.AreEqual("-3", ClassLabels.Format(-3.0));
            Assert.AreEqual("true", ClassLabels.Format(true));
            Assert.AreEqual("cat", ClassLabels.Format("cat".AsMemory()));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }
}
