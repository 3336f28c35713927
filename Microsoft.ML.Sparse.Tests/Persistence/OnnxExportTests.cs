// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Inference;
using Microsoft.ML.Sparse.Scoring;
using Microsoft.ML.Sparse.Tests.Inference;
using Microsoft.ML.Sparse.Trainers;
using Microsoft.ML.Sparse.Engine.Networks;
using Microsoft.ML.Sparse.Engine.Torch.Runtime;

namespace Microsoft.ML.Sparse.Tests.Persistence;

/// <summary>
/// <c>mlContext.Model.ConvertToOnnx</c> of pipelines ending in the sparse MLP transformers (with ML.NET's one-hot,
/// concatenate and min-max normaliser before them): ONNX Runtime reproduces ML.NET's columns within 1e-5.
/// </summary>
[TestClass]
public sealed class OnnxExportTests
{
    private const double Tolerance = 1e-5;

    private sealed class TableRow
    {
        public float A { get; set; }

        public float B { get; set; }

        public string Color { get; set; } = "";

        public bool Flag { get; set; }

        public float Target { get; set; }

        public string Kind { get; set; } = "";
    }

    /// <summary>A small table with two numeric columns and one categorical column, and a label for each task.</summary>
    private static IDataView Table(MLContext ml, int rows, int seed)
    {
        var random = new Random(seed);
        string[] colors = { "red", "green", "blue", "amber" };
        var data = Enumerable.Range(0, rows).Select(_ =>
        {
            float a = (float)(random.NextDouble() * 10 - 5), b = (float)(random.NextDouble() * 200);
            int color = random.Next(colors.Length);
            float target = 0.5f * a + 0.01f * b + color - 1;
            return new TableRow
            {
                A = a,
                B = b,
                Color = colors[color],
                Flag = target + (float)(random.NextDouble() - 0.5) > 1,
                Target = target,
                Kind = target < 0 ? "low" : target < 2 ? "mid" : "high",
            };
        }).ToArray();
        return ml.Data.LoadFromEnumerable(data);
    }

    private static IEstimator<ITransformer> Featurize(MLContext ml) =>
        ml.Transforms.Categorical.OneHotEncoding("ColorVector", "Color")
            .Append(ml.Transforms.Concatenate("Features", "A", "B", "ColorVector"))
            .Append(ml.Transforms.NormalizeMinMax("Features"));

    private static SparseMlpOptions Options(string label) => new()
    {
        LabelColumnName = label,
        HiddenLayerSizes = new[] { 32, 32 },
        NumberOfEpochs = 3,
        BatchSize = 32,
        Seed = 3,
        Topology = new SparseTopologyOptions { Density = 0.3 },
    };

    /// <summary>With the piecewise-linear input encoding, whose fixed first layer exports as Gemm + Clip.</summary>
    private static SparseMlpOptions Encoded(SparseMlpOptions options)
    {
        options.FeatureEncoding = FeatureEncoding.PiecewiseLinear;
        return options;
    }

    [TestMethod]
    public void MulticlassPipelineWithOneHotConcatenateAndNormalizerMatchesOnnxRuntime()
    {
        var ml = new MLContext(seed: 1);
        var data = Table(ml, 300, seed: 5);
        var model = ml.Transforms.Conversion.MapValueToKey("Label", "Kind")
            .Append(Featurize(ml))
            .Append(ml.MulticlassClassification.Trainers.SparseMlp(Encoded(Options("Label"))))
            .Fit(data);
        var scored = model.Transform(data);

        var onnx = OnnxTestKit.Run(OnnxTestKit.Export(ml, model, data), data);

        float[] expected = scored.GetColumn<float[]>("Score").SelectMany(s => s).ToArray();
        double diff = OnnxTestKit.MaxAbsDifference((float[])onnx["Score"], expected);
        Assert.IsLessThanOrEqualTo(Tolerance, diff, $"max |onnx - ml.net| Score = {diff}");
        CollectionAssert.AreEqual(scored.GetColumn<uint>("PredictedLabel").ToArray(), (uint[])onnx["PredictedLabel"]);
    }

    [TestMethod]
    public void BinaryPipelineMatchesOnnxRuntime()
    {
        var ml = new MLContext(seed: 1);
        var data = Table(ml, 300, seed: 6);
        var model = Featurize(ml).Append(ml.BinaryClassification.Trainers.SparseMlp(Options("Flag"))).Fit(data);
        var scored = model.Transform(data);

        var onnx = OnnxTestKit.Run(OnnxTestKit.Export(ml, model, data), data);

        double scoreDiff = OnnxTestKit.MaxAbsDifference((float[])onnx["Score"], scored.GetColumn<float>("Score").ToArray());
        double probabilityDiff = OnnxTestKit.MaxAbsDifference((float[])onnx["Probability"], scored.GetColumn<float>("Probability").ToArray());
        Assert.IsLessThanOrEqualTo(Tolerance, scoreDiff, $"Score {scoreDiff}");
        Assert.IsLessThanOrEqualTo(Tolerance, probabilityDiff, $"Probability {probabilityDiff}");
        CollectionAssert.AreEqual(scored.GetColumn<bool>("PredictedLabel").ToArray(), (bool[])onnx["PredictedLabel"]);
    }

    [TestMethod]
    public void RegressionPipelineMatchesOnnxRuntime()
    {
        var ml = new MLContext(seed: 1);
        var data = Table(ml, 300, seed: 7);
        var model = Featurize(ml).Append(ml.Regression.Trainers.SparseMlp(Options("Target"))).Fit(data);
        var scored = model.Transform(data);

        var onnx = OnnxTestKit.Run(OnnxTestKit.Export(ml, model, data), data);

        float[] expected = scored.GetColumn<float>("Score").ToArray();
        double diff = OnnxTestKit.MaxAbsDifference((float[])onnx["Score"], expected);
        // Relative to the scores' scale (targets span about ±5).
        Assert.IsLessThanOrEqualTo(Tolerance * Math.Max(1, expected.Max(Math.Abs)), diff, $"Score {diff}");
    }

    [TestMethod]
    public void ScorerWithoutOnnxTranslationFailsWithAMessageNamingIt()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new TextRow { Text = "abc" } });
        var transformer = SparsePredictionTransformerFactory.CreateMulticlass(ml, new TextLengthScorer(), "Text", new[] { "a", "b" });

        var error = Assert.ThrowsExactly<NotSupportedException>(() => OnnxTestKit.Export(ml, transformer, data));
        StringAssert.Contains(error.Message, "ONNX export supports the sparse MLP models only");
        StringAssert.Contains(error.Message, "text length");
    }

    /// <summary>
    /// The paper's 784-1568x3-10 MLP at 1% density (random CSR weights, dead neurons removed) against the same
    /// architecture dense: the sparse .onnx is a few percent of the dense one, and both score as the managed model.
    /// </summary>
    [TestCategory(TestLanes.Slow)]
    [TestMethod]
    public void OnePercentMlpOnnxIsAFewPercentOfTheDenseOnnxAndScoresTheSame()
    {
        TorchRuntime.EnsureLoaded();
        int[] sizes = { 784, 1568, 1568, 1568, 10 };
        var layers = MlpExporterTests.RandomNetwork(sizes, 0.01, seed: 21);
        var denseLayers = MlpExporterTests.RandomNetwork(sizes, 1.0, seed: 21);
        try
        {
            var ml = new MLContext(1);
            var classes = Enumerable.Range(0, 10).Select(i => $"c{i}").ToArray();
            var sparse = MlpExporter.Export(layers, MlpActivation.Relu);
            var dense = MlpExporter.Export(denseLayers, MlpActivation.Relu, MlpExportStorage.Dense, removeDeadNeurons: false);
            var random = new Random(4);
            var rows = Enumerable.Range(0, 64).Select(_ => new FeatureRow { Features = Enumerable.Range(0, 784).Select(_ => (float)random.NextDouble()).ToArray() }).ToArray();
            var data = ml.Data.LoadFromEnumerable(rows);

            var sizesInBytes = new long[2];
            foreach (var (model, i) in new[] { (sparse, 0), (dense, 1) })
            {
                var transformer = SparsePredictionTransformerFactory.CreateMulticlass(ml, new MlpScorer(model), "Features", classes);
                byte[] onnx = OnnxTestKit.Export(ml, transformer, data);
                sizesInBytes[i] = onnx.Length;
                var outputs = OnnxTestKit.Run(onnx, data);
                var scored = transformer.Transform(data);
                double diff = OnnxTestKit.MaxAbsDifference((float[])outputs["Score"], scored.GetColumn<float[]>("Score").SelectMany(s => s).ToArray());
                Assert.IsLessThanOrEqualTo(Tolerance, diff, $"{(i == 0 ? "sparse" : "dense")} Score {diff}");
                CollectionAssert.AreEqual(scored.GetColumn<uint>("PredictedLabel").ToArray(), (uint[])outputs["PredictedLabel"]);
            }
            double ratio = (double)sizesInBytes[0] / sizesInBytes[1];
            Console.WriteLine($"sparse .onnx {sizesInBytes[0]} B ({sparse.ActiveLinks} links), dense .onnx {sizesInBytes[1]} B ({dense.ActiveLinks} links), ratio {ratio:P2}");
            Assert.IsGreaterThan(6_162_240L * 4 * 9 / 10, sizesInBytes[1], "the dense .onnx must hold its 6.16M weights");
            Assert.IsLessThanOrEqualTo(0.05, ratio);
        }
        finally
        {
            foreach (var layer in layers.Concat(denseLayers))
                layer.Dispose();
        }
    }

    private sealed class FeatureRow
    {
        [VectorType(784)]
        public float[] Features { get; set; } = new float[784];
    }

    private sealed class TextRow
    {
        public string Text { get; set; } = "";
    }

    /// <summary>A non-MLP scorer (text input) standing in for the text Transformer.</summary>
    private sealed class TextLengthScorer : SparseScorer<ReadOnlyMemory<char>>
    {
        public override SparseScorerKind Kind => (SparseScorerKind)201;

        public override DataViewType InputType => TextDataViewType.Instance;

        public override int OutputSize => 2;

        public override SparseModelInfo Info => new("text length", 1, 2, Array.Empty<SparseLayerInfo>(), 0, 0);

        public override void Score(in ReadOnlyMemory<char> input, Span<float> outputs)
        {
            outputs[0] = input.Length;
            outputs[1] = 1;
        }

        public override void Save(BinaryWriter writer)
        {
        }
    }
}
