// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Inference;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Networks;
using Microsoft.ML.Sparse.Engine.Torch.Layers;
using Microsoft.ML.Sparse.Engine.Torch.Runtime;

namespace Microsoft.ML.Sparse.Tests.Inference;

[TestClass]
public sealed class MlpExporterTests
{
    [ClassInitialize]
    public static void LoadTorch(TestContext _) => TorchRuntime.EnsureLoaded();

    /// <summary>
    /// Random MLP: sparse hidden layers with masks of the given density (plus forced dead neurons when asked), a dense
    /// head, positive biases so that constant neurons contribute after ReLU.
    /// </summary>
    internal static List<MaskedLinear> RandomNetwork(int[] sizes, double density, long seed, bool forceDeadNeurons = false)
    {
        random.manual_seed(seed);
        using var generator = new Generator((ulong)seed);
        var layers = new List<MaskedLinear>();
        for (int l = 0; l + 1 < sizes.Length; l++)
        {
            bool head = l + 2 == sizes.Length;
            var layer = new MaskedLinear(head ? "head" : $"hidden{l + 1}", sizes[l], sizes[l + 1], sparse: !head);
            using (no_grad())
                layer.Bias!.uniform_(0.05, 0.5);
            if (!head)
            {
                using var mask = rand(sizes[l + 1], sizes[l], generator: generator) < density;
                if (forceDeadNeurons)
                {
                    mask[0] = zeros(sizes[l], ScalarType.Bool);                    // output 0: no in-links
                    if (l > 0)
                        mask[TensorIndex.Colon, 1] = zeros(sizes[l + 1], ScalarType.Bool);  // previous output 1: no out-links
                }
                layer.SetMask(mask);
            }
            layers.Add(layer);
        }
        return layers;
    }

    private static float[] Inputs(int rows, int features, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, rows * features).Select(_ => (float)random.NextDouble()).ToArray();
    }

    private static void AssertMatchesTorch(IReadOnlyList<MaskedLinear> layers, SparseMlpInferenceModel model, int rows = 6)
    {
        int features = (int)layers[0].InFeatures, outputs = (int)layers[^1].OutFeatures;
        var x = Inputs(rows, features, 17);
        var expected = MlpExporter.ReferenceForward(layers, MlpActivation.Relu, x, rows);
        var actual = new float[rows * outputs];
        model.ScoreBatch(x, actual, rows);
        double maxDiff = 0;
        for (int i = 0; i < expected.Length; i++)
            maxDiff = Math.Max(maxDiff, Math.Abs(expected[i] - actual[i]));
        Assert.IsLessThanOrEqualTo(1e-5, maxDiff, $"max |managed - torch| = {maxDiff}");
        Assert.IsTrue(expected.Any(v => v != 0f), "the reference output must not be trivially zero");
    }

    private static void Dispose(IEnumerable<MaskedLinear> layers)
    {
        foreach (var layer in layers)
            layer.Dispose();
    }

    [TestMethod]
    [DataRow(0.01)]
    [DataRow(0.1)]
    public void SmallNetworkScoresEqualTorch(double density)
    {
        var layers = RandomNetwork(new[] { 64, 100, 100, 10 }, density, seed: 11, forceDeadNeurons: true);
        try
        {
            var model = MlpExporter.Export(layers, MlpActivation.Relu);
            AssertMatchesTorch(layers, model);
            Assert.IsLessThan(model.OriginalHiddenNeurons, model.ActiveHiddenNeurons, "dead neurons must be dropped");
            Assert.AreEqual(200, model.OriginalHiddenNeurons);
            long maskLinks = layers.Sum(l => l.ActiveLinks);
            Assert.IsLessThanOrEqualTo(maskLinks, model.ActiveLinks);
            Assert.AreEqual(InferenceLayerKind.Csr, model.Layers[0].Kind);
            Assert.AreEqual(InferenceLayerKind.Dense, model.Layers[^1].Kind);
        }
        finally
        {
            Dispose(layers);
        }
    }

    [TestMethod]
    public void PaperSizedNetworkAtOnePercentScoresEqualTorch()
    {
        var layers = RandomNetwork(new[] { 784, 1568, 1568, 1568, 10 }, 0.01, seed: 5);
        try
        {
            var model = MlpExporter.Export(layers, MlpActivation.Relu);
            AssertMatchesTorch(layers, model, rows: 4);
            Assert.AreEqual(4704, model.OriginalHiddenNeurons);
            Assert.IsTrue(model.Layers.Take(3).All(l => l.Kind == InferenceLayerKind.Csr));
            Assert.IsTrue(model.Density < 0.02, $"density {model.Density}");
        }
        finally
        {
            Dispose(layers);
        }
    }

    [TestMethod]
    public void DenseExportWithoutRemovalKeepsArchitectureAndScores()
    {
        var layers = RandomNetwork(new[] { 20, 30, 30, 4 }, 0.05, seed: 3, forceDeadNeurons: true);
        try
        {
            var dense = MlpExporter.Export(layers, MlpActivation.Relu, MlpExportStorage.Dense, removeDeadNeurons: false);
            Assert.IsTrue(dense.Layers.All(l => l.Kind == InferenceLayerKind.Dense));
            CollectionAssert.AreEqual(new[] { 30, 30, 4 }, dense.Layers.Select(l => l.OutputSize).ToArray());
            Assert.AreEqual(layers.Sum(l => l.ActiveLinks), dense.ActiveLinks);
            AssertMatchesTorch(layers, dense);
        }
        finally
        {
            Dispose(layers);
        }
    }

    /// <summary>
    /// 3 → 4 → 3 → 3 → 2 with hand-made masks. Expected removals (see comments) leave 2, 1 and 1 hidden neurons:
    /// h1[2] has no in-links (constant, folded), h2[2] has no out-links, so h1[3] (whose only out-link goes to h2[2])
    /// loses its out-links, h2[1]'s only in-link is the constant h1[2] (folded in turn), h3[1]'s only in-link is
    /// h2[1] and h3[2] has none (both folded into the head's bias).
    /// </summary>
    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void DeadNeuronsAreRemovedExactlyIncludingCascades(bool withBias)
    {
        random.manual_seed(1);
        var layers = new List<MaskedLinear>
        {
            new("hidden1", 3, 4, hasBias: withBias), new("hidden2", 4, 3, hasBias: withBias),
            new("hidden3", 3, 3, hasBias: withBias), new("head", 3, 2, sparse: false),
        };
        try
        {
            if (withBias)
                using (no_grad())
                    foreach (var layer in layers)
                        layer.Bias!.uniform_(0.2, 0.9);
            layers[0].SetMask(Mask(new[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 0 }, { 1, 1, 0 } }));
            layers[1].SetMask(Mask(new[,] { { 1, 1, 1, 0 }, { 0, 0, 1, 0 }, { 0, 0, 0, 1 } }));
            layers[2].SetMask(Mask(new[,] { { 1, 1, 0 }, { 0, 1, 0 }, { 0, 0, 0 } }));

            var model = MlpExporter.Export(layers, MlpActivation.Relu);

            CollectionAssert.AreEqual(new[] { 2, 1, 1, 2 }, model.Layers.Select(l => l.OutputSize).ToArray());
            CollectionAssert.AreEqual(new[] { 3, 2, 1, 1 }, model.Layers.Select(l => l.InputSize).ToArray());
            Assert.AreEqual(4, model.ActiveHiddenNeurons);
            Assert.AreEqual(10, model.OriginalHiddenNeurons);
            // Links kept: hidden1 rows h1[0], h1[1] (1 + 1), hidden2 row h2[0] from h1[0], h1[1] (2), hidden3 row h3[0] from h2[0] (1), head 2x1.
            CollectionAssert.AreEqual(new long[] { 2, 2, 1, 2 }, model.Layers.Select(l => l.ActiveLinks).ToArray());
            AssertMatchesTorch(layers, model);
        }
        finally
        {
            Dispose(layers);
        }
    }

    [TestMethod]
    public void AWhollyDeadLayerFoldsIntoConstantOutputs()
    {
        // No link enters hidden1: every hidden neuron is a constant, the whole network collapses into the head's bias.
        var layers = RandomNetwork(new[] { 6, 5, 4, 3 }, 0.5, seed: 9);
        try
        {
            layers[0].SetMask(zeros(5, 6, ScalarType.Bool));
            var model = MlpExporter.Export(layers, MlpActivation.Relu);
            CollectionAssert.AreEqual(new[] { 0, 0, 3 }, model.Layers.Select(l => l.OutputSize).ToArray());
            Assert.AreEqual(0, model.ActiveHiddenNeurons);
            Assert.AreEqual(0L, model.ActiveLinks);
            AssertMatchesTorch(layers, model);
            var reloaded = Persistence.SparseMlpModelSerializerTests.Deserialize(Persistence.SparseMlpModelSerializerTests.Serialize(model));
            AssertMatchesTorch(layers, reloaded);
        }
        finally
        {
            Dispose(layers);
        }
    }

    [TestMethod]
    public void ChainMismatchAndNonFiniteWeightsAreRejected()
    {
        var a = new MaskedLinear("a", 3, 4);
        var b = new MaskedLinear("b", 5, 2, sparse: false);
        try
        {
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => MlpExporter.Export(new[] { a, b }, MlpActivation.Relu)).Message, "has 5 inputs but 'a' has 4 outputs");
            using (no_grad())
                a.Weight[1, 2] = tensor(float.NaN);
            var head = new MaskedLinear("head", 4, 2, sparse: false);
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => MlpExporter.Export(new[] { a, head }, MlpActivation.Relu)).Message, "non-finite weight (NaN) at row 1, column 2");
            head.Dispose();
        }
        finally
        {
            a.Dispose();
            b.Dispose();
        }
    }

    private static Tensor Mask(int[,] values)
    {
        int rows = values.GetLength(0), columns = values.GetLength(1);
        var flat = new bool[rows * columns];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                flat[r * columns + c] = values[r, c] != 0;
        return tensor(flat, new long[] { rows, columns });
    }
}
