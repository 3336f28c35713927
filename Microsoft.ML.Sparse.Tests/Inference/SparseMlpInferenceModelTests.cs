// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Inference;
using Microsoft.ML.Sparse.Tests.Persistence;

namespace Microsoft.ML.Sparse.Tests.Inference;

[TestClass]
public sealed class SparseMlpInferenceModelTests
{
    /// <summary>A random chain of CSR hidden layers (ReLU) and a dense head.</summary>
    internal static SparseMlpInferenceModel RandomModel(int seed, int[] sizes, double density)
    {
        var random = new Random(seed);
        var layers = new List<InferenceLayer>();
        for (int l = 0; l + 1 < sizes.Length; l++)
        {
            int inputs = sizes[l], outputs = sizes[l + 1];
            var bias = CsrKernelTests.RandomVector(random, outputs);
            bool last = l + 2 == sizes.Length;
            if (last)
                layers.Add(new InferenceLayer($"layer{l}", new DenseMatrix(outputs, inputs, CsrKernelTests.RandomVector(random, outputs * inputs)), (long)outputs * inputs, bias, MlpActivation.Identity, inputs, outputs));
            else
                layers.Add(new InferenceLayer($"layer{l}", CsrKernelTests.RandomCsr(random, outputs, inputs, density), bias, MlpActivation.Relu, inputs, outputs));
        }
        return new SparseMlpInferenceModel(layers);
    }

    /// <summary>Forward pass in double precision from dense copies.</summary>
    internal static double[] NaiveForward(SparseMlpInferenceModel model, float[] x)
    {
        double[] h = x.Select(v => (double)v).ToArray();
        foreach (var layer in model.Layers)
        {
            var dense = layer.Csr?.ToDense() ?? layer.Dense!.Values.ToArray();
            var next = new double[layer.OutputSize];
            for (int r = 0; r < layer.OutputSize; r++)
            {
                double sum = layer.Bias[r];
                for (int c = 0; c < layer.InputSize; c++)
                    sum += dense[(long)r * layer.InputSize + c] * h[c];
                next[r] = layer.Activation == MlpActivation.Relu ? Math.Max(0, sum) : sum;
            }
            h = next;
        }
        return h;
    }

    [TestMethod]
    public void HandModelScoresAsComputedByHand()
    {
        var model = PredictionTestKit.ThreeClassModel();
        var outputs = new float[3];
        model.Score(new[] { 2f, -1f, 3f, 100f }, outputs);
        CollectionAssert.AreEqual(new[] { 2.5f, 0f, 3f }, outputs);
        Assert.AreEqual(4, model.InputSize);
        Assert.AreEqual(3, model.OutputSize);
        Assert.AreEqual(12L, model.ActiveLinks);
        Assert.AreEqual(21L, model.DenseLinks);
    }

    [TestMethod]
    public void RandomModelsMatchDoublePrecisionForward()
    {
        foreach (var (sizes, density) in new[] { (new[] { 13, 29, 7 }, 0.3), (new[] { 64, 100, 100, 10 }, 0.1), (new[] { 100, 5000, 3 }, 0.01) })
        {
            var model = RandomModel(sizes.Sum(), sizes, density);
            var random = new Random(9);
            for (int row = 0; row < 5; row++)
            {
                var x = CsrKernelTests.RandomVector(random, model.InputSize);
                var expected = NaiveForward(model, x);
                var actual = new float[model.OutputSize];
                model.Score(x, actual);
                for (int i = 0; i < expected.Length; i++)
                    Assert.AreEqual(expected[i], actual[i], 1e-4 * Math.Max(1, Math.Abs(expected[i])), $"{string.Join("-", sizes)} output {i}");
            }
        }
    }

    [TestMethod]
    public void BatchEqualsRowByRowAndDenseCopyAgrees()
    {
        var model = RandomModel(4, new[] { 30, 50, 40, 6 }, 0.2);
        var random = new Random(2);
        int rows = 9;
        var x = CsrKernelTests.RandomVector(random, rows * model.InputSize);
        var batch = new float[rows * model.OutputSize];
        model.ScoreBatch(x, batch, rows);
        var dense = model.ToDense();
        Assert.IsTrue(dense.Layers.All(l => l.Kind == InferenceLayerKind.Dense));
        Assert.AreEqual(model.ActiveLinks, dense.ActiveLinks);
        for (int r = 0; r < rows; r++)
        {
            var single = new float[model.OutputSize];
            model.Score(x.AsSpan(r * model.InputSize, model.InputSize), single);
            CollectionAssert.AreEqual(single, batch.AsSpan(r * model.OutputSize, model.OutputSize).ToArray(), $"row {r}");
            var fromDense = new float[model.OutputSize];
            dense.Score(x.AsSpan(r * model.InputSize, model.InputSize), fromDense);
            for (int i = 0; i < single.Length; i++)
                Assert.AreEqual(single[i], fromDense[i], 1e-4, $"dense row {r}");
        }
    }

    [TestMethod]
    public void ScoreAllocatesNothingForNarrowAndWideModels()
    {
        foreach (var model in new[] { RandomModel(1, new[] { 20, 30, 4 }, 0.3), RandomModel(2, new[] { 20, 6000, 4 }, 0.01) })
        {
            var x = new float[model.InputSize];
            var y = new float[model.OutputSize];
            // The runtime itself may allocate on this thread while it re-JITs a hot method (tier-0 -> tier-1 happens
            // in the background after a delay, OSR, call-counting stubs), so measure several rounds, let tiering settle
            // between them, and require one clean round: a real per-call allocation shows up in every round.
            var allocated = new List<long>();
            for (int round = 0; round < 6; round++)
            {
                for (int w = 0; w < 200; w++)
                    model.Score(x, y);   // warm-up: JIT tiering and the per-thread scratch
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 100; i++)
                    model.Score(x, y);
                allocated.Add(GC.GetAllocatedBytesForCurrentThread() - before);
                if (allocated[^1] == 0)
                    break;
                Thread.Sleep(150);
            }
            Assert.AreEqual(0L, allocated.Min(), $"max width {model.MaxWidth}: bytes per 100 calls in each round: {string.Join(", ", allocated)}");
        }
    }

    [TestMethod]
    public void ConcurrentScoresEqualSequentialScores()
    {
        var model = RandomModel(3, new[] { 50, 3000, 200, 5 }, 0.05);
        var random = new Random(4);
        var inputs = Enumerable.Range(0, 64).Select(_ => CsrKernelTests.RandomVector(random, model.InputSize)).ToArray();
        var expected = inputs.Select(x => { var y = new float[model.OutputSize]; model.Score(x, y); return y; }).ToArray();
        var actual = new float[inputs.Length][];
        Parallel.For(0, inputs.Length * 20, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            int row = i % inputs.Length;
            var y = new float[model.OutputSize];
            model.Score(inputs[row], y);
            actual[row] = y;
            CollectionAssert.AreEqual(expected[row], y);
        });
        Assert.IsTrue(actual.All(a => a != null));
    }

    [TestMethod]
    public void WrongLengthsAndBrokenChainsThrow()
    {
        var model = PredictionTestKit.ThreeClassModel();
        Assert.ThrowsExactly<ArgumentException>(() => model.Score(new float[3], new float[3]));
        Assert.ThrowsExactly<ArgumentException>(() => model.Score(new float[4], new float[2]));
        Assert.ThrowsExactly<ArgumentException>(() => model.ScoreBatch(new float[7], new float[6], 2));
        var a = new InferenceLayer("a", new DenseMatrix(3, 2, new float[6]), 6, new float[3], MlpActivation.Relu, 2, 3);
        var b = new InferenceLayer("b", new DenseMatrix(1, 4, new float[4]), 4, new float[1], MlpActivation.Identity, 4, 1);
        var ex = Assert.ThrowsExactly<ArgumentException>(() => new SparseMlpInferenceModel(new[] { a, b }));
        StringAssert.Contains(ex.Message, "has 4 inputs but layer 0 ('a') has 3 outputs");
    }
}
