// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using Microsoft.ML.Sparse.Inference;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core.Kernels;
using Microsoft.ML.Sparse.Engine.Networks;
using Microsoft.ML.Sparse.Engine.Torch.Layers;
using Microsoft.ML.Sparse.Engine.Torch.Runtime;

namespace Microsoft.ML.Sparse.Tests.Inference;

/// <summary>The CSR path of <see cref="MlpExporter"/>: <see cref="MlpLayerWeights"/> in, the same models as from MaskedLinear.</summary>
[TestClass]
public sealed class MlpExporterCsrTests
{
    [ClassInitialize]
    public static void LoadTorch(TestContext _) => TorchRuntime.EnsureLoaded();

    /// <summary>The CSR form of a MaskedLinear layer, read from its dense weight and mask (independently of the exporter).</summary>
    internal static MlpLayerWeights FromMaskedLinear(MaskedLinear layer)
    {
        int rows = (int)layer.OutFeatures, columns = (int)layer.InFeatures;
        float[] weight = layer.Weight.detach().cpu().data<float>().ToArray();
        bool[] mask = layer.Mask.cpu().data<bool>().ToArray();
        var flat = Enumerable.Range(0, weight.Length).Where(k => mask[k]).Select(k => (long)k).ToArray();
        var bias = layer.Bias is null ? new float[rows] : layer.Bias.detach().cpu().data<float>().ToArray();
        return new MlpLayerWeights(layer.GetName(), LinkPattern.FromFlatIndices(rows, columns, flat), flat.Select(k => weight[k]).ToArray(), bias);
    }

    /// <summary>
    /// Random CSR network (managed, no TorchSharp): hidden layers of the given density with forced dead neurons (output
    /// 0 of every hidden layer without in-links, output 1 of every hidden layer but the last without out-links), a dense
    /// head, positive biases.
    /// </summary>
    internal static List<MlpLayerWeights> RandomCsrNetwork(int[] sizes, double density, int seed)
    {
        var random = new Random(seed);
        var layers = new List<MlpLayerWeights>();
        for (int l = 0; l + 1 < sizes.Length; l++)
        {
            bool head = l + 2 == sizes.Length;
            int rows = sizes[l + 1], columns = sizes[l];
            var pointers = new int[rows + 1];
            var indices = new List<int>();
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < columns; c++)
                {
                    bool forcedOff = !head && (r == 0 || (l > 0 && c == 1));
                    if (head || (!forcedOff && random.NextDouble() < density))
                        indices.Add(c);
                }
                pointers[r + 1] = indices.Count;
            }
            var values = indices.Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            var bias = Enumerable.Range(0, rows).Select(_ => (float)(0.05 + 0.45 * random.NextDouble())).ToArray();
            layers.Add(new MlpLayerWeights(head ? "head" : $"hidden{l + 1}", new LinkPattern(rows, columns, pointers, indices.ToArray()), values, bias));
        }
        return layers;
    }

    /// <summary>The full network in double precision, no neuron removed: h = act(W·h + b), identity after the last layer.</summary>
    private static double[] NaiveForward(IReadOnlyList<MlpLayerWeights> layers, float[] x)
    {
        var h = x.Select(v => (double)v).ToArray();
        for (int l = 0; l < layers.Count; l++)
        {
            var p = layers[l].Pattern;
            var y = new double[p.Rows];
            for (int r = 0; r < p.Rows; r++)
            {
                double sum = layers[l].Bias[r];
                for (int k = p.RowPointers[r]; k < p.RowPointers[r + 1]; k++)
                    sum += layers[l].Values[k] * h[p.ColumnIndices[k]];
                y[r] = l + 1 < layers.Count ? Math.Max(0, sum) : sum;
            }
            h = y;
        }
        return h;
    }

    private static float[] RandomInputs(int rows, int features, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, rows * features).Select(_ => (float)random.NextDouble()).ToArray();
    }

    private static void AssertMatchesNaive(IReadOnlyList<MlpLayerWeights> layers, SparseMlpInferenceModel model, int rows = 4)
    {
        int features = layers[0].Inputs, outputs = layers[^1].Outputs;
        var x = RandomInputs(rows, features, 23);
        var actual = new float[rows * outputs];
        model.ScoreBatch(x, actual, rows);
        for (int i = 0; i < rows; i++)
        {
            var expected = NaiveForward(layers, x.AsSpan(i * features, features).ToArray());
            for (int o = 0; o < outputs; o++)
                Assert.AreEqual(expected[o], actual[i * outputs + o], 1e-4 * (1 + Math.Abs(expected[o])), $"row {i}, output {o}");
        }
    }

    /// <summary>Same layers, kinds, sizes, CSR/dense arrays and biases, bit for bit, and the same scores.</summary>
    internal static void AssertSameModel(SparseMlpInferenceModel expected, SparseMlpInferenceModel actual)
    {
        Assert.HasCount(expected.Layers.Count, actual.Layers);
        for (int l = 0; l < expected.Layers.Count; l++)
        {
            InferenceLayer e = expected.Layers[l], a = actual.Layers[l];
            string at = $"layer {l} ('{e.Name}')";
            Assert.AreEqual(e.Name, a.Name, at);
            Assert.AreEqual(e.Kind, a.Kind, at);
            Assert.AreEqual(e.Activation, a.Activation, at);
            Assert.AreEqual(e.InputSize, a.InputSize, at);
            Assert.AreEqual(e.OutputSize, a.OutputSize, at);
            Assert.AreEqual(e.OriginalInputSize, a.OriginalInputSize, at);
            Assert.AreEqual(e.OriginalOutputSize, a.OriginalOutputSize, at);
            Assert.AreEqual(e.ActiveLinks, a.ActiveLinks, at);
            CollectionAssert.AreEqual(Bits(e.Bias), Bits(a.Bias), $"bias of {at}");
            if (e.Csr != null)
            {
                CollectionAssert.AreEqual(e.Csr.RowPointers.ToArray(), a.Csr!.RowPointers.ToArray(), $"row pointers of {at}");
                CollectionAssert.AreEqual(Columns(e.Csr), Columns(a.Csr), $"columns of {at}");
                CollectionAssert.AreEqual(Bits(e.Csr.Values), Bits(a.Csr.Values), $"values of {at}");
            }
            else
            {
                CollectionAssert.AreEqual(Bits(e.Dense!.Values), Bits(a.Dense!.Values), $"dense values of {at}");
            }
        }
        var x = RandomInputs(8, expected.InputSize, 5);
        float[] ye = new float[8 * expected.OutputSize], ya = new float[ye.Length];
        expected.ScoreBatch(x, ye, 8);
        actual.ScoreBatch(x, ya, 8);
        CollectionAssert.AreEqual(Bits(ye), Bits(ya), "scores");
    }

    private static int[] Bits(ReadOnlySpan<float> values)
    {
        var bits = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
            bits[i] = BitConverter.SingleToInt32Bits(values[i]);
        return bits;
    }

    private static int[] Columns(CsrMatrix m) => Enumerable.Range(0, m.NonZeroCount).Select(m.ColumnAt).ToArray();

    [TestMethod]
    [DataRow(0.01, 11, false, true)]
    [DataRow(0.03, 12, false, true)]
    [DataRow(0.1, 13, false, true)]
    [DataRow(0.6, 14, false, true)]
    [DataRow(0.03, 15, true, true)]
    [DataRow(0.03, 16, false, false)]
    public void CsrOverloadGivesTheSameModelAsMaskedLinear(double density, int seed, bool denseStorage, bool removeDeadNeurons)
    {
        var storage = denseStorage ? MlpExportStorage.Dense : MlpExportStorage.Auto;
        var layers = MlpExporterTests.RandomNetwork(new[] { 40, 60, 50, 60, 7 }, density, seed, forceDeadNeurons: true);
        try
        {
            var csr = layers.Select(FromMaskedLinear).ToList();
            var biasesBefore = csr.Select(l => Bits(l.Bias)).ToList();
            var fromTorch = MlpExporter.Export(layers, MlpActivation.Relu, storage, removeDeadNeurons);
            var fromCsr = MlpExporter.Export(csr, MlpActivation.Relu, storage, removeDeadNeurons);
            AssertSameModel(fromTorch, fromCsr);
            for (int l = 0; l < csr.Count; l++)
                CollectionAssert.AreEqual(biasesBefore[l], Bits(csr[l].Bias), "the exporter must not modify the layers");
            if (removeDeadNeurons)
                Assert.IsLessThan(fromCsr.OriginalHiddenNeurons, fromCsr.ActiveHiddenNeurons, "the forced dead neurons must be dropped");
            AssertMatchesNaive(csr, fromCsr);
        }
        finally
        {
            foreach (var layer in layers)
                layer.Dispose();
        }
    }

    [TestMethod]
    public void ManagedRandomNetworkScoresEqualTheFullNetwork()
    {
        var layers = RandomCsrNetwork(new[] { 30, 80, 80, 80, 5 }, 0.03, seed: 4);
        var model = MlpExporter.Export(layers, MlpActivation.Relu);
        Assert.IsLessThan(240, model.ActiveHiddenNeurons);
        Assert.AreEqual(240, model.OriginalHiddenNeurons);
        AssertMatchesNaive(layers, model);
    }

    private static MlpLayerWeights Layer(string name, int columns, int[][] rows, float weight, float bias)
    {
        var pointers = new int[rows.Length + 1];
        for (int r = 0; r < rows.Length; r++)
            pointers[r + 1] = pointers[r] + rows[r].Length;
        var indices = rows.SelectMany(r => r).ToArray();
        return new MlpLayerWeights(name, new LinkPattern(rows.Length, columns, pointers, indices),
            indices.Select((_, k) => weight * (1 + 0.1f * k)).ToArray(), Enumerable.Range(0, rows.Length).Select(r => bias + 0.1f * r).ToArray());
    }

    /// <summary>
    /// 2 → 3 → 3 → 3 → 3 → 1 where deaths propagate both ways: h4[2] has no out-links, so h3[2] (whose only out-link goes
    /// there) and then h2[2] and h1[2] lose theirs in turn; h1[0] has no in-links (constant, folded), so h2[0], whose
    /// only in-link is h1[0], becomes constant, then h3[0] and h4[0] as well: only the chain h1[1] → … → h4[1] is left,
    /// the constants end up in the biases along it and in the head's.
    /// </summary>
    [TestMethod]
    public void CascadesOfDeadNeuronsInBothDirectionsAreHandled()
    {
        var layers = new List<MlpLayerWeights>
        {
            Layer("hidden1", 2, new[] { Array.Empty<int>(), new[] { 0, 1 }, new[] { 1 } }, 0.7f, 0.3f),
            Layer("hidden2", 3, new[] { new[] { 0 }, new[] { 0, 1 }, new[] { 1, 2 } }, 0.6f, 0.2f),
            Layer("hidden3", 3, new[] { new[] { 0 }, new[] { 0, 1 }, new[] { 2 } }, 0.5f, 0.4f),
            Layer("hidden4", 3, new[] { new[] { 0 }, new[] { 0, 1 }, new[] { 2 } }, 0.9f, 0.1f),
            Layer("head", 3, new[] { new[] { 0, 1 } }, 1.1f, 0.05f),
        };
        var model = MlpExporter.Export(layers, MlpActivation.Relu);
        CollectionAssert.AreEqual(new[] { 1, 1, 1, 1, 1 }, model.Layers.Select(l => l.OutputSize).ToArray());
        CollectionAssert.AreEqual(new[] { 2, 1, 1, 1, 1 }, model.Layers.Select(l => l.InputSize).ToArray());
        CollectionAssert.AreEqual(new long[] { 2, 1, 1, 1, 1 }, model.Layers.Select(l => l.ActiveLinks).ToArray());
        AssertMatchesNaive(layers, model);
        var kept = MlpExporter.Export(layers, MlpActivation.Relu, removeDeadNeurons: false);
        CollectionAssert.AreEqual(new[] { 3, 3, 3, 3, 1 }, kept.Layers.Select(l => l.OutputSize).ToArray());
        AssertMatchesNaive(layers, kept);
    }

    [TestMethod]
    public void A4000By4000LayerAtOneTenthOfAPercentExportsQuickly()
    {
        var layers = RandomCsrNetwork(new[] { 4000, 4000, 4000, 10 }, 0.001, seed: 8);
        Assert.IsTrue(Math.Abs(layers[1].Pattern.LinkCount - 16000) < 1000, $"{layers[1].Pattern.LinkCount} links");
        MlpExporter.Export(layers.Take(2).ToList(), MlpActivation.Relu);   // JIT
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var model = MlpExporter.Export(layers, MlpActivation.Relu);
        watch.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.IsLessThan(2000L, watch.ElapsedMilliseconds, $"export took {watch.ElapsedMilliseconds} ms");
        Assert.IsLessThan(8L << 20, allocated, $"export allocated {allocated:N0} bytes (one dense 4000x4000 float layer is 64 MB)");
        Assert.IsTrue(model.Layers.Take(2).All(l => l.Kind == InferenceLayerKind.Csr));
        Assert.IsLessThan(8000, model.ActiveHiddenNeurons, "neurons without links must be dropped");
        AssertMatchesNaive(layers, model, rows: 2);
    }

    [TestMethod]
    public void NonFiniteValuesAreRejectedNamingLayerRowAndColumn()
    {
        var pattern = new LinkPattern(3, 4, new[] { 0, 1, 3, 3 }, new[] { 2, 0, 3 });
        var weightError = Assert.ThrowsExactly<ArgumentException>(() => new MlpLayerWeights("hidden2", pattern, new[] { 1f, 2f, float.NaN }, new float[3]));
        StringAssert.Contains(weightError.Message, "Layer 'hidden2' has a non-finite weight (NaN) at row 1, column 3");
        var infinite = Assert.ThrowsExactly<ArgumentException>(() => new MlpLayerWeights("hidden2", pattern, new[] { float.NegativeInfinity, 2f, 3f }, new float[3]));
        StringAssert.Contains(infinite.Message, "non-finite weight (-Infinity) at row 0, column 2");
        var biasError = Assert.ThrowsExactly<ArgumentException>(() => new MlpLayerWeights("head", pattern, new[] { 1f, 2f, 3f }, new[] { 0f, 0f, float.PositiveInfinity }));
        StringAssert.Contains(biasError.Message, "Layer 'head' has a non-finite bias (Infinity) at output 2");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new MlpLayerWeights("a", pattern, new float[2], new float[3])).Message, "3 links but 2 weights");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new MlpLayerWeights("a", pattern, new float[3], new float[4])).Message, "3 outputs but 4 bias values");

        var first = new MlpLayerWeights("first", pattern, new float[3], new float[3]);
        var mismatched = new MlpLayerWeights("second", new LinkPattern(2, 5, new[] { 0, 0, 0 }, Array.Empty<int>()), Array.Empty<float>(), new float[2]);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => MlpExporter.Export(new[] { first, mismatched }, MlpActivation.Relu)).Message,
            "Layer 'second' has 5 inputs but 'first' has 3 outputs");

        using var torchLayer = new MaskedLinear("head", 4, 2, sparse: false);
        using (no_grad())
            torchLayer.Bias![1] = tensor(float.NaN);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => MlpExporter.Export(new[] { torchLayer }, MlpActivation.Relu)).Message,
            "Layer 'head' has a non-finite bias (NaN) at output 1");
    }
}
