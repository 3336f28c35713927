// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Core.Kernels;
using Microsoft.ML.Sparse.Engine.Csr;

namespace Microsoft.ML.Sparse.Tests.Engine.Csr;

/// <summary>
/// The managed step on several threads: the same weights, biases, moments and losses, bit for bit, after several steps
/// on 1, 2 and 3 threads (layers large enough that every kernel is split), only the links are ever touched, and the
/// thread pool and partitions run every part exactly once.
/// </summary>
[TestClass]
public sealed class ManagedThreadsTests
{
    [TestMethod]
    [DataRow(SparseOptimizer.Sgd)]
    [DataRow(SparseOptimizer.Adam)]
    public void StepsOnOneTwoAndThreeThreadsGiveBitIdenticalModels(SparseOptimizer kind)
    {
        var results = new[] { 1, 2, 3 }.Select(threads => Train(threads, kind)).ToArray();
        var (reference, referenceLosses) = results[0];
        Assert.IsTrue(reference[1].LinkCount > 3 * KernelPartition.LinkWork && reference[1].LinkCount > 2 * KernelPartition.ElementWork,
            "the hidden layer is large enough for its kernels to be split three ways and its optimizer update two ways");
        for (int t = 1; t < results.Length; t++)
        {
            var (layers, losses) = results[t];
            CollectionAssert.AreEqual(referenceLosses, losses, $"losses on {t + 1} threads");
            for (int l = 0; l < layers.Length; l++)
            {
                CollectionAssert.AreEqual(reference[l].Pattern.RowPointers, layers[l].Pattern.RowPointers, $"layer {l} links");
                CollectionAssert.AreEqual(reference[l].Pattern.ColumnIndices, layers[l].Pattern.ColumnIndices, $"layer {l} links");
                AssertBits(reference[l].Values, layers[l].Values, $"layer {l} weights on {t + 1} threads");
                AssertBits(reference[l].Bias, layers[l].Bias, $"layer {l} biases on {t + 1} threads");
                AssertBits(reference[l].Moment1!, layers[l].Moment1!, $"layer {l} first moments on {t + 1} threads");
                if (kind == SparseOptimizer.Adam)
                    AssertBits(reference[l].Moment2!, layers[l].Moment2!, $"layer {l} second moments on {t + 1} threads");
            }
        }
        var initial = Layers();
        for (int l = 0; l < initial.Length; l++)
            Assert.IsTrue(initial[l].Values.Zip(reference[l].Values).Count(p => p.First != p.Second) > initial[l].LinkCount / 2, $"layer {l} trained");
    }

    [TestMethod]
    public void PartitionsCoverEveryRowOnceWithBalancedLinks()
    {
        var layer = ManagedTestKit.RandomLayer("l", 997, 50, 0.3, new Random(4));
        var pointers = layer.Pattern.RowPointers;
        for (int parts = 1; parts <= 5; parts++)
        {
            int next = 0;
            for (int p = 0; p < parts; p++)
            {
                var (start, end) = KernelPartition.Range(pointers, layer.Rows, p, parts);
                Assert.AreEqual(next, start, $"part {p} of {parts} starts where the previous ended");
                Assert.IsTrue(end >= start);
                long cost = pointers[end] - pointers[start] + (end - start), total = layer.LinkCount + layer.Rows;
                Assert.AreEqual(total / (double)parts, cost, 60, $"part {p} of {parts} holds about 1/{parts} of the work");
                next = end;
            }
            Assert.AreEqual(layer.Rows, next);
            var (_, lastChunk) = KernelPartition.Chunk(1000, parts - 1, parts);
            Assert.AreEqual(1000, lastChunk);
            Assert.AreEqual(0, KernelPartition.Chunk(1000, parts - 1, parts).Start % 64);
        }
    }

    [TestMethod]
    public void ReluBackwardSplitOverThreadsEqualsOneThread()
    {
        var random = new Random(2);
        int n = 3 * KernelPartition.ElementWork + 77;
        var h = Enumerable.Range(0, n).Select(_ => (float)ManagedTestKit.Gaussian(random)).ToArray();
        var g = Enumerable.Range(0, n).Select(_ => (float)ManagedTestKit.Gaussian(random)).ToArray();
        var split = (float[])g.Clone();
        using var workers = new KernelWorkers(3);
        FeatureMajorKernels.ReluBackward(g, h);
        FeatureMajorKernels.ReluBackward(split, h, workers);
        CollectionAssert.AreEqual(g, split);
        Assert.IsTrue(g.Count(v => v == 0) > n / 3, "about half the entries were zeroed");
    }

    [TestMethod]
    public void WorkersRunEveryPartOnceAndReportFailures()
    {
        using var workers = new KernelWorkers(3);
        for (int round = 0; round < 200; round++)
        {
            var counts = new int[3];
            workers.Run(round % 3 + 1, p => Interlocked.Increment(ref counts[p]));
            CollectionAssert.AreEqual(Enumerable.Range(0, 3).Select(p => p <= round % 3 ? 1 : 0).ToArray(), counts, $"round {round}");
        }
        var e = Assert.ThrowsExactly<AggregateException>(() => workers.Run(3, p => { if (p == 2) throw new InvalidOperationException("part 2"); }));
        Assert.AreEqual("part 2", e.InnerException!.Message);
        Thread.Sleep(5);   // workers fall asleep; the next run wakes them
        int sum = 0;
        workers.Run(3, p => Interlocked.Add(ref sum, p + 1));
        Assert.AreEqual(6, sum);
    }

    private static CsrTrainingLayer[] Layers()
    {
        var random = new Random(11);
        return new[]
        {
            ManagedTestKit.RandomLayer("hidden1", 1000, 40, 0.5, random),
            ManagedTestKit.RandomLayer("hidden2", 1000, 1000, 0.6, random),
            ManagedTestKit.RandomLayer("output", 7, 1000, 1.0, random, evolves: false),
        };
    }

    private static (CsrTrainingLayer[] Layers, float[] Losses) Train(int threads, SparseOptimizer kind)
    {
        var layers = Layers();
        var random = new Random(5);
        const int rows = 96;
        var data = new CsrRows(ManagedTestKit.RandomFeatures(rows, 40, random), rows, 40, Enumerable.Range(0, rows).Select(_ => random.Next(7)).ToArray(), null);
        using var network = new CsrMlp(layers, MlpLoss.CrossEntropy, 0, 32, seed: 1, threads);
        var optimizer = new LinkOptimizer(kind, 0.9, 5e-4, 0.9, 0.999, network.Workers);
        var losses = new List<float>();
        for (int step = 0; step < 3; step++)
        {
            losses.Add(network.ForwardBackward(data, Enumerable.Range(step * 32, 32).Select(i => (long)i).ToArray()));
            optimizer.Step(layers, 0.01);
        }
        return (layers, losses.ToArray());
    }

    private static void AssertBits(float[] expected, float[] actual, string what)
    {
        Assert.AreEqual(expected.Length, actual.Length, what);
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                Assert.Fail($"{what}: entry {i} is {actual[i]:R}, expected {expected[i]:R}");
    }
}
