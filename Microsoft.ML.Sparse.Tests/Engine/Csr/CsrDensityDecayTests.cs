// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Mlp;
using Microsoft.ML.Sparse.Trainers;
using Microsoft.ML.Sparse.Engine.Networks;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Core.Kernels;
using Microsoft.ML.Sparse.Engine.Csr.Topology;

namespace Microsoft.ML.Sparse.Tests.Engine.Csr;

/// <summary>
/// GMP and GraNet on the managed engine's scheduler (cubic density decay, exact counts, magnitude pruning, determinism),
/// and CHTs with a density surplus (held, halved, then removed by the removal criterion).
/// </summary>
[TestClass]
public sealed class CsrDensityDecayTests
{
    private const int TotalSteps = 40, Interval = 2;

    [TestMethod]
    [DataRow(SparseTrainingMethod.Gmp)]
    [DataRow(SparseTrainingMethod.GraNet)]
    public void EveryRoundHitsTheCubicScheduleExactly(SparseTrainingMethod method)
    {
        var run = Run(method, seed: 3);
        // T_end = 30: rounds after steps 2..28; the decay ends at round ⌊0.5 · 40⌋ / 2 = 10.
        Assert.AreEqual(14, run.Rounds.Count);
        foreach (var round in run.Rounds)
        {
            long c = round.Step / Interval;
            double u = Math.Min(1, c / 10.0);
            double expected = 1 - (0.5 + (0.95 - 0.5) * (1 - Math.Pow(1 - u, 3)));
            Assert.AreEqual(expected, round.TargetDensity, 1e-12, $"round {round.Round}");
            foreach (var stats in round.Layers)
            {
                string at = $"{method} {stats.LayerName} round {round.Round}";
                Assert.AreEqual(TargetLinkCount.For(stats.Rows, stats.Columns, expected), stats.ActiveLinks, at);
                Assert.AreEqual(0, stats.Percolated, at);
                Assert.AreEqual(c <= 10 && c > 0 && TargetLinkCount.For(stats.Rows, stats.Columns, expected) < TargetLinkCount.For(stats.Rows, stats.Columns, Previous(c)),
                    stats.Pruned > 0, $"prunes exactly while the target falls: {at}");
                if (method == SparseTrainingMethod.Gmp)
                    Assert.AreEqual((0L, stats.Pruned), (stats.Regrown, stats.Removed), $"GMP only prunes: {at}");
                else
                    Assert.AreEqual(stats.Removed - stats.Pruned, stats.Regrown, $"GraNet regrows what ζ removed: {at}");
            }
        }
        Assert.AreEqual(0.05, run.Rounds[^1].TargetDensity, 1e-12, "final density reached");
        if (method == SparseTrainingMethod.GraNet)
            Assert.IsTrue(run.Rounds.Take(10).All(r => r.Layers.All(l => l.Regrown > 0)), "GraNet prunes and regrows in every round of the decay (ζ_t → 0 later)");

        static double Previous(long c) => 1 - (0.5 + 0.45 * (1 - Math.Pow(1 - Math.Min(1, (c - 1) / 10.0), 3)));
    }

    [TestMethod]
    public void ADensitySurplusIsHeldThenHalvedThenRemovedExactly()
    {
        var run = Run(SparseTrainingMethod.Chts, seed: 5, surplus: 0.1);
        // T_end = 30, ΔT = 2: rounds after steps 2..28; d + s while step ≤ 18, d + s/2 while step < 28, d at step 28.
        Assert.AreEqual(14, run.Rounds.Count);
        double before = 0.15;
        foreach (var round in run.Rounds)
        {
            double expected = round.Step <= 18 ? 0.15 : round.Step < 28 ? 0.10 : 0.05;
            Assert.AreEqual(expected, round.TargetDensity, 1e-12, $"round {round.Round}");
            Assert.AreEqual((before - 0.05) / before, round.Zeta, 1e-12, $"round {round.Round} removes everything above 5%");
            foreach (var stats in round.Layers)
            {
                string at = $"{stats.LayerName} round {round.Round}";
                Assert.AreEqual(TargetLinkCount.For(stats.Rows, stats.Columns, expected), stats.ActiveLinks, at);
                Assert.AreEqual(0, stats.Pruned, $"no hard pruning: {at}");
                Assert.IsTrue(stats.Removed >= (long)Math.Floor(TargetLinkCount.For(stats.Rows, stats.Columns, before) * round.Zeta), $"the surplus is removed: {at}");
            }
            before = expected;
        }
        Assert.AreEqual(TargetLinkCount.For(30, 20, 0.05), run.After[^1][0].Pattern.LinkCount, "final density reached");
    }

    [TestMethod]
    public void GmpKeepsTheLargestMagnitudesAndNeverGrowsALink()
    {
        var run = Run(SparseTrainingMethod.Gmp, seed: 4);
        for (int i = 1; i < run.Before.Count; i++)
        {
            for (int l = 0; l < 2; l++)
            {
                var (pattern, values) = run.Before[i][l];
                var (after, afterValues) = run.After[i][l];
                var kept = new HashSet<long>(after.ToFlatIndices());
                var flat = pattern.ToFlatIndices();
                Assert.IsTrue(kept.IsSubsetOf(flat), $"round {i} layer {l}: no new link");
                var keptMagnitudes = flat.Select((f, k) => (f, k)).Where(p => kept.Contains(p.f)).Select(p => Math.Abs(values[p.k])).ToList();
                var prunedMagnitudes = flat.Select((f, k) => (f, k)).Where(p => !kept.Contains(p.f)).Select(p => Math.Abs(values[p.k])).ToList();
                if (prunedMagnitudes.Count > 0)
                    Assert.IsTrue(keptMagnitudes.Min() >= prunedMagnitudes.Max(), $"round {i} layer {l}: pruned by |w|");
                var byPosition = flat.Select((f, k) => (f, k)).ToDictionary(p => p.f, p => values[p.k]);
                var afterFlat = after.ToFlatIndices();
                for (int k = 0; k < afterFlat.Length; k++)
                    Assert.AreEqual(byPosition[afterFlat[k]], afterValues[k], $"round {i} layer {l}: kept weights unchanged");
            }
        }
        Assert.IsTrue(run.Before.Count > 10);
    }

    [TestMethod]
    [DataRow(SparseTrainingMethod.Gmp)]
    [DataRow(SparseTrainingMethod.GraNet)]
    public void SameSeedGivesTheSameTopologyAndWeightsAnotherSeedAnother(SparseTrainingMethod method)
    {
        var a = Run(method, seed: 7);
        var b = Run(method, seed: 7);
        var c = Run(method, seed: 8);
        for (int i = 0; i < a.After.Count; i++)
            for (int l = 0; l < 2; l++)
            {
                CollectionAssert.AreEqual(a.After[i][l].Pattern.ToFlatIndices(), b.After[i][l].Pattern.ToFlatIndices(), $"round {i} layer {l}");
                CollectionAssert.AreEqual(a.After[i][l].Values, b.After[i][l].Values, $"round {i} layer {l}");
            }
        Assert.IsFalse(a.After.Zip(c.After).All(p => p.First[0].Pattern.ToFlatIndices().SequenceEqual(p.Second[0].Pattern.ToFlatIndices())),
            "another seed gives another topology");
    }

    private sealed record Runs(List<TopologyRoundStats> Rounds, List<(LinkPattern Pattern, float[] Values)[]> Before, List<(LinkPattern Pattern, float[] Values)[]> After);

    /// <summary>
    /// A 20-30-30-4 MLP (dense head) from 50% to 5% density (with a surplus: CHTs at 5% + surplus), one round every 2 steps over 40 steps; between steps the
    /// weights drift by seeded noise (standing in for training) and the dense gradient is a fixed function of the step.
    /// Returns the round statistics and the sparse layers before and after each round.
    /// </summary>
    private static Runs Run(SparseTrainingMethod method, long seed, double surplus = 0)
    {
        var layers = CsrMlpTraining.CreateLayers(20, new[] { 30, 30 }, 4, sparseInputLayer: true, sparseOutputLayer: false);
        var options = new SparseTopologyOptions
        {
            Method = method,
            Density = 0.05,
            InitialDensity = 0.5,
            UpdateInterval = Interval,
            UpdateIntervalUnit = UpdateIntervalUnit.Steps,
            Initialization = TopologyInitialization.ErdosRenyi,
            DensitySurplus = surplus,
        }.ToEngine();
        var scheduler = new CsrTopologyScheduler(layers, options, TotalSteps, stepsPerEpoch: 10, seed, threads: 2);
        scheduler.InitializeTopology(null, 0);
        Assert.AreEqual(TargetLinkCount.For(30, 20, surplus > 0 ? 0.05 + surplus : 0.5), layers[0].LinkCount, "starts at the initial density");
        var noise = new Random((int)seed);
        var rounds = new List<TopologyRoundStats>();
        var before = new List<(LinkPattern, float[])[]>();
        var after = new List<(LinkPattern, float[])[]>();
        (LinkPattern, float[])[] Capture() => layers.Take(2).Select(l => (l.Pattern, (float[])l.Values.Clone())).ToArray();
        for (int step = 1; step <= TotalSteps; step++)
        {
            foreach (var layer in layers)
                for (int k = 0; k < layer.LinkCount; k++)
                    layer.Values[k] += (float)(ManagedTestKit.Gaussian(noise) * 0.01);
            var state = Capture();
            int current = step;
            var round = scheduler.AfterOptimizerStep(i => Enumerable.Range(0, layers[i].Rows * layers[i].Columns)
                .Select(f => (float)Math.Sin(f * 0.37 + current + i)).ToArray());
            if (round is null)
                continue;
            rounds.Add(round);
            before.Add(state);
            after.Add(Capture());
        }
        return new Runs(rounds, before, after);
    }
}
