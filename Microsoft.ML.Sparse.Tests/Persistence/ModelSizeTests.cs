// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Inference;
using Microsoft.ML.Sparse.Scoring;
using Microsoft.ML.Sparse.Tests.Inference;
using Microsoft.ML.Sparse.Trainers;
using Microsoft.ML.Sparse.Engine.Networks;
using Microsoft.ML.Sparse.Engine.Torch.Runtime;

namespace Microsoft.ML.Sparse.Tests.Persistence;

[TestClass]
public sealed class ModelSizeTests
{
    /// <summary>
    /// The dense baseline is the same architecture with every link present (what a dense trainer saves). Storing the
    /// 1% model's zeros densely is not a fair baseline: deflate in the zip squeezes the zeros away.
    /// </summary>
    [TestCategory(TestLanes.Slow)]
    [TestMethod]
    public void OnePercentPaperMlpZipIsAtMostFivePercentOfTheDenseZip()
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
            Assert.AreEqual(6_162_240L, dense.ActiveLinks);
            var schema = ml.Data.LoadFromEnumerable(new[] { new FeatureRow() }).Schema;
            long sparseBytes = ZipRoundTrip.Save(ml, SparsePredictionTransformerFactory.CreateMulticlass(ml, new MlpScorer(sparse), "Features", classes), schema).Length;
            long denseBytes = ZipRoundTrip.Save(ml, SparsePredictionTransformerFactory.CreateMulticlass(ml, new MlpScorer(dense), "Features", classes), schema).Length;
            double ratio = (double)sparseBytes / denseBytes;
            Console.WriteLine($"sparse zip {sparseBytes} B, dense zip {denseBytes} B, ratio {ratio:P2}");
            Assert.IsGreaterThan(6_162_240L * 4 * 9 / 10, denseBytes, "the dense zip must hold its 6.16M weights");
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
        [Microsoft.ML.Data.VectorType(784)]
        public float[] Features { get; set; } = new float[784];
    }
}
