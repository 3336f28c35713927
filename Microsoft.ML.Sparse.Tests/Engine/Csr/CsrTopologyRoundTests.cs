// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Trainers;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Core.Kernels;
using Microsoft.ML.Sparse.Engine.Core.LinkPrediction;
using Microsoft.ML.Sparse.Engine.Csr;
using Microsoft.ML.Sparse.Engine.Csr.Topology;
using Microsoft.ML.Sparse.Engine.Torch.Percolation;

namespace Microsoft.ML.Sparse.Tests.Engine.Csr;

[TestClass]
public sealed class CsrTopologyRoundTests
{
    [TestMethod]
    public void PercolationRemovesExactlyWhatTheTorchPercolationRemoves()
    {
        EngineTestKit.Load();
        for (int seed = 0; seed < 20; seed++)
        {
            var random = new Random(seed);
            int[] sizes = { 9, 14, 11, 6, 3 };
            var layers = Enumerable.Range(0, 4).Select(l => ManagedTestKit.RandomLayer($"l{l}", sizes[l + 1], sizes[l], 0.06 + 0.1 * random.NextDouble(), random)).ToArray();
            var editable = new[] { true, random.Next(2) == 0, true, false };
            var patterns = layers.Select(l => l.Pattern).ToArray();
            var alive = patterns.Select(p => Enumerable.Repeat(true, p.LinkCount).ToArray()).ToArray();
            CsrNeuronPercolation.Apply(patterns, alive, editable);

            using var scope = NewDisposeScope();
            var masks = patterns.Select(p => tensor(ManagedTestKit.Mask(p), new long[] { p.Rows, p.Columns })).ToArray();
            new NeuronPercolation(Enumerable.Range(0, 3).Select(i => (i, i + 1)).ToList(), new List<(int, int)>()).Apply(masks, editable);
            for (int l = 0; l < 4; l++)
            {
                var expected = masks[l].data<bool>().ToArray();
                var actual = new bool[expected.Length];
                var p = patterns[l];
                for (int r = 0; r < p.Rows; r++)
                    for (int k = p.RowPointers[r]; k < p.RowPointers[r + 1]; k++)
                        actual[r * p.Columns + p.ColumnIndices[k]] = alive[l][k];
                CollectionAssert.AreEqual(expected, actual, $"seed {seed}, layer {l}");
            }
        }
    }

    [TestMethod]
    [DataRow(SparseTrainingMethod.Set)]
    [DataRow(SparseTrainingMethod.RigL)]
    public void RoundsHitTheTargetExactlyAndCarryWeightsAndMomentsOfKeptLinks(SparseTrainingMethod method)
    {
        var random = new Random(3);
        var layers = new[]
        {
            ManagedTestKit.RandomLayer("hidden1", 30, 20, 0.2, random),
            ManagedTestKit.RandomLayer("output", 4, 30, 1.0, random, evolves: false),
        };
        foreach (var l in layers)
        {
            l.EnsureMoments(1);
            for (int k = 0; k < l.LinkCount; k++)
                l.Moment1![k] = l.Values[k] * 10;
        }
        var before = ManagedTestKit.Dense(layers[0]);
        var outputBefore = (float[])layers[1].Values.Clone();
        long target = layers[0].LinkCount + 7;
        var plan = EvolutionPlan.For(new SparseTopologyOptions { Method = method }.ToEngine());
        var gradient = Enumerable.Range(0, 600).Select(i => (float)Math.Sin(i)).ToArray();
        var (changes, _) = new CsrTopologyRound(plan, 2).Run(layers, new[] { true, false }, new[] { target, 0L }, 0.3, 1, _ => gradient, new SplitMixRandom(9));

        var layer = layers[0];
        Assert.AreEqual(target, layer.LinkCount);
        CollectionAssert.AreEqual(outputBefore, layers[1].Values, "the dense layer does not evolve");
        Assert.IsNull(changes[1]);
        var change = changes[0]!.Value;
        Assert.AreEqual((long)Math.Floor((target - 7) * 0.3), change.Removed, "hard removal of ⌊nnz·ζ⌋ links, no percolation");
        Assert.AreEqual(change.Removed + 7, change.Regrown);
        var p = layer.Pattern;
        int carried = 0;
        for (int r = 0; r < p.Rows; r++)
            for (int k = p.RowPointers[r]; k < p.RowPointers[r + 1]; k++)
            {
                float old = before[r * p.Columns + p.ColumnIndices[k]];
                Assert.AreEqual(layer.Values[k] * 10, layer.Moment1![k], $"moment follows its link at {k}");
                if (layer.Values[k] != 0)
                {
                    Assert.AreEqual(old, layer.Values[k]);
                    carried++;
                }
            }
        Assert.AreEqual(target - change.Regrown, carried, "kept links keep their weights; regrown ones start at 0");
        if (method == SparseTrainingMethod.RigL)
        {
            // Regrown links are the largest |gradient| among positions free after removal.
            var regrown = new List<float>();
            for (int r = 0; r < p.Rows; r++)
                for (int k = p.RowPointers[r]; k < p.RowPointers[r + 1]; k++)
                    if (layer.Values[k] == 0)
                        regrown.Add(Math.Abs(gradient[r * p.Columns + p.ColumnIndices[k]]));
            Assert.IsTrue(regrown.Min() > 0.9, $"RigL regrows high-gradient positions (smallest chosen |g| = {regrown.Min()})");
        }
    }

    [TestMethod]
    [DataRow(LinkPredictor.CH3L3p)]
    [DataRow(LinkPredictor.CH2L3p)]
    public void PathBasedTopKRegrowthTakesTheHighestPathScoresOfTheRemainingLinks(LinkPredictor predictor)
    {
        var random = new Random(8);
        var layers = new[] { ManagedTestKit.RandomLayer("hidden1", 30, 24, 0.15, random) };
        long target = layers[0].LinkCount;
        var options = new SparseTopologyOptions { Method = SparseTrainingMethod.Chts, Predictor = predictor, Regrowth = RegrowthSelection.TopK, Percolation = false };
        var (changes, _) = new CsrTopologyRound(EvolutionPlan.For(options.ToEngine()), 2).Run(layers, new[] { true }, new[] { target }, 0.3, 1, null, new SplitMixRandom(4));

        var layer = layers[0];
        Assert.AreEqual(target, layer.LinkCount, "regrown to the target exactly");
        var p = layer.Pattern;
        var kept = new List<long>();
        var regrown = new List<long>();
        for (int r = 0; r < p.Rows; r++)
            for (int k = p.RowPointers[r]; k < p.RowPointers[r + 1]; k++)
                (layer.Values[k] == 0 ? regrown : kept).Add((long)r * p.Columns + p.ColumnIndices[k]);
        Assert.AreEqual(changes[0]!.Value.Regrown, regrown.Count, "regrown links start at 0, kept ones keep their nonzero weight");
        var scores = CsrPathChLinkPredictor.Score(LinkPattern.FromFlatIndices(p.Rows, p.Columns, kept.ToArray()), predictor, maxThreads: 1);
        var byPosition = new Dictionary<long, float>();
        for (int r = 0; r < scores.Rows; r++)
            for (int k = scores.RowPointers[r]; k < scores.RowPointers[r + 1]; k++)
                byPosition[(long)r * p.Columns + scores.ColumnIndices[k]] = scores.Scores[k];
        Assert.IsTrue(byPosition.Count > regrown.Count, "more candidates than links to grow");
        float lowestChosen = regrown.Min(f => byPosition[f]);
        float highestLeft = byPosition.Where(e => !regrown.Contains(e.Key)).Max(e => e.Value);
        Assert.IsTrue(lowestChosen >= highestLeft, $"top-k by path score: lowest chosen {lowestChosen}, highest left {highestLeft}");
    }

    [TestMethod]
    public void HardRemovalKeepsTheLargestMagnitudesAndSoftRemovalPrefersThem()
    {
        var random = new Random(1);
        var layer = ManagedTestKit.RandomLayer("l", 20, 20, 0.5, random);
        var all = Enumerable.Repeat(true, layer.LinkCount).ToArray();
        var scores = CsrLinkRemoval.Scores(layer, all, relativeImportance: false);
        var hard = (bool[])all.Clone();
        CsrLinkRemoval.Keep(hard, scores, layer.LinkCount / 2, soft: false, 1, new SplitMixRandom(1));
        double threshold = scores.OrderByDescending(s => s).ElementAt(layer.LinkCount / 2 - 1);
        for (int k = 0; k < layer.LinkCount; k++)
            Assert.AreEqual(scores[k] >= threshold, hard[k], $"link {k}");

        var keptCount = new int[layer.LinkCount];
        for (int trial = 0; trial < 200; trial++)
        {
            var soft = (bool[])all.Clone();
            CsrLinkRemoval.Keep(soft, scores, layer.LinkCount / 2, soft: true, 3, new SplitMixRandom(trial));
            Assert.AreEqual(layer.LinkCount / 2, soft.Count(a => a));
            for (int k = 0; k < soft.Length; k++)
                keptCount[k] += soft[k] ? 1 : 0;
        }
        var order = Enumerable.Range(0, layer.LinkCount).OrderBy(k => scores[k]).ToArray();
        double weakest = order.Take(order.Length / 4).Average(k => keptCount[k]), strongest = order.Skip(3 * order.Length / 4).Average(k => keptCount[k]);
        Assert.IsTrue(strongest > 150 && weakest < 50, $"soft removal keeps strong links more often ({strongest:F0} vs {weakest:F0} of 200)");
    }

    [TestMethod]
    public void RelativeImportanceMatchesTheFormula()
    {
        var layer = new CsrTrainingLayer("l", LinkPattern.FromFlatIndices(2, 3, new long[] { 0, 1, 4, 5 }), new[] { 1f, -2f, 3f, 4f }, new float[2], true);
        var scores = CsrLinkRemoval.Scores(layer, new[] { true, true, true, true }, relativeImportance: true);
        const double e = 1e-5;
        Assert.AreEqual(1 / (1 + e) + 1 / (3 + e), scores[0], 1e-12);   // (0,0): column 0 sum 1, row 0 sum 3
        Assert.AreEqual(2 / (5 + e) + 2 / (3 + e), scores[1], 1e-12);   // (0,1): column 1 sum 2 + 3
        Assert.AreEqual(3 / (5 + e) + 3 / (7 + e), scores[2], 1e-12);   // (1,1)
        Assert.AreEqual(4 / (4 + e) + 4 / (7 + e), scores[3], 1e-12);   // (1,2)
    }

    [TestMethod]
    public void TopKSelectionEqualsSortingWithIndexTieBreak()
    {
        var random = new Random(4);
        for (int trial = 0; trial < 50; trial++)
        {
            int n = random.Next(1, 300), k = random.Next(0, n + 1);
            var keys = Enumerable.Range(0, n).Select(_ => (double)random.Next(20)).ToArray();
            var expected = Enumerable.Range(0, n).OrderByDescending(i => keys[i]).ThenBy(i => i).Take(k).OrderBy(i => i).ToArray();
            CollectionAssert.AreEqual(expected, TopKSelection.Largest(keys, k).OrderBy(i => i).ToArray(), $"n={n} k={k}");
        }
    }

    [TestMethod]
    [DataRow(40, 50, 0.01, 30)]     // rejection sampling
    [DataRow(6, 7, 0.5, 15)]        // enumeration
    public void FreePositionsAreDistinctFreeAndUniform(int rows, int columns, double density, int count)
    {
        var random = new Random(2);
        var layer = ManagedTestKit.RandomLayer("l", rows, columns, density, random);
        var links = ManagedTestKit.Mask(layer.Pattern);
        var hits = new int[rows * columns];
        for (int trial = 0; trial < 400; trial++)
        {
            var drawn = FreePositionSampler.Sample(layer.Pattern, null, count, new SplitMixRandom(trial));
            Assert.AreEqual(count, drawn.Distinct().Count());
            foreach (long f in drawn)
            {
                Assert.IsFalse(links[f], $"position {f} is a link");
                hits[f]++;
            }
        }
        var free = Enumerable.Range(0, rows * columns).Where(f => !links[f]).Select(f => hits[f]).ToArray();
        double expected = 400.0 * count / free.Length;
        double mean = free.Average(), std = Math.Sqrt(free.Average(h => (h - mean) * (h - mean)));
        Assert.AreEqual(expected, mean, 1e-9, "every draw lands on a free position");
        Assert.IsTrue(std > 0.7 * Math.Sqrt(expected * (1 - (double)count / free.Length)) && std < 1.3 * Math.Sqrt(expected),
            $"hit counts spread like independent uniform draws: std {std:F2} for mean {expected:F2}");
    }
}
