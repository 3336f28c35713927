// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Trainers;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Core.Schedules;
using Microsoft.ML.Sparse.Engine.Torch;
using Microsoft.ML.Sparse.Engine.Torch.Layers;
using Microsoft.ML.Sparse.Engine.Torch.Optimization;

namespace Microsoft.ML.Sparse.Tests.Engine;

/// <summary>After every topology round every sparse layer holds exactly round(target density · out · in) links.</summary>
[TestClass]
public sealed class SchedulerLinkCountTests
{
    private static readonly (long Out, long In)[] Shapes = { (3, 5), (5, 3), (16, 16), (8, 40), (40, 8), (30, 30) };
    private static readonly double[] Densities = { 0.01, 0.05, 0.1, 0.3, 0.5 };

    [TestMethod]
    [DataRow(SparseTrainingMethod.Chts)]
    [DataRow(SparseTrainingMethod.Set)]
    [DataRow(SparseTrainingMethod.RigL)]
    public void FixedDensityMethodsKeepTheExactLinkCountAfterEveryRound(SparseTrainingMethod method)
    {
        EngineTestKit.Load();
        foreach (var (outFeatures, inFeatures) in Shapes)
        {
            foreach (double density in Densities)
            {
                var options = StepOptions(method, density);
                var rounds = TrainSingleLayer(outFeatures, inFeatures, options, out var layer);
                Assert.AreEqual(8, rounds.Count, "rounds after steps 1..8 (T_end = 9)");
                long target = TargetLinkCount.For(outFeatures, inFeatures, density);
                foreach (var round in rounds)
                {
                    var stats = round.Layers.Single();
                    Assert.AreEqual(target, stats.ActiveLinks, $"{method} {outFeatures}x{inFeatures} d={density} round {round.Round}");
                    Assert.AreEqual(stats.Removed, stats.Regrown, "fixed density: as many regrown as removed");
                    Assert.AreEqual(density, round.TargetDensity, 1e-12);
                }
                Assert.AreEqual(target, EngineTestKit.Count(layer.Mask));
                layer.Dispose();
            }
        }
    }

    [TestMethod]
    [DataRow(SparseTrainingMethod.Chts)]
    [DataRow(SparseTrainingMethod.Set)]
    [DataRow(SparseTrainingMethod.RigL)]
    public void ADensitySurplusIsHeldThenHalvedThenRemovedExactly(SparseTrainingMethod method)
    {
        EngineTestKit.Load();
        foreach (var (outFeatures, inFeatures) in Shapes)
        {
            foreach (double density in new[] { 0.01, 0.05, 0.1, 0.3 })
            {
                var options = StepOptions(method, density);
                options.DensitySurplus = 0.1;
                var rounds = TrainSingleLayer(outFeatures, inFeatures, options, out var layer);
                Assert.AreEqual(8, rounds.Count, "rounds after steps 1..8 (T_end = 9)");
                double before = density + 0.1;
                foreach (var round in rounds)
                {
                    // T_end = 9, ΔT = 1: d + s while step ≤ 5.4, d + s/2 while step < 8, then d.
                    double expected = round.Step <= 5 ? density + 0.1 : round.Step < 8 ? density + 0.05 : density;
                    string at = $"{method} {outFeatures}x{inFeatures} d={density} round {round.Round}";
                    Assert.AreEqual(expected, round.TargetDensity, 1e-12, at);
                    Assert.AreEqual((before - density) / before, round.Zeta, 1e-12, $"removes everything above d: {at}");
                    var stats = round.Layers.Single();
                    Assert.AreEqual(TargetLinkCount.For(outFeatures, inFeatures, expected), stats.ActiveLinks, at);
                    Assert.AreEqual(0, stats.Pruned, $"no hard pruning, the removal criterion takes the surplus: {at}");
                    before = expected;
                }
                Assert.AreEqual(TargetLinkCount.For(outFeatures, inFeatures, density), EngineTestKit.Count(layer.Mask), "final density reached");
                layer.Dispose();
            }
        }
    }

    [TestMethod]
    public void ChtssFollowsTheSigmoidScheduleExactly()
    {
        EngineTestKit.Load();
        foreach (var (outFeatures, inFeatures) in Shapes)
        {
            foreach (double density in Densities)
            {
                var options = StepOptions(SparseTrainingMethod.Chtss, density);
                options.InitialDensity = 0.6;
                options.DensityDecayEndFraction = 0.5;   // decay over rounds 1..6 of 8
                var rounds = TrainSingleLayer(outFeatures, inFeatures, options, out var layer);
                var schedule = new DensitySchedule(0.6, density, 6, decayRounds: 6);
                Assert.AreEqual(8, rounds.Count);
                double previous = 1;
                foreach (var round in rounds)
                {
                    double expectedDensity = schedule.DensityAtRound(round.Round);
                    Assert.AreEqual(expectedDensity, round.TargetDensity, 1e-12, $"round {round.Round}");
                    Assert.AreEqual(TargetLinkCount.For(outFeatures, inFeatures, expectedDensity), round.Layers[0].ActiveLinks,
                        $"CHTss {outFeatures}x{inFeatures} d={density} round {round.Round}");
                    Assert.IsTrue(round.TargetDensity <= previous);
                    previous = round.TargetDensity;
                }
                Assert.AreEqual(TargetLinkCount.For(outFeatures, inFeatures, density), rounds[^1].Layers[0].ActiveLinks, "final density reached");
                Assert.IsTrue(rounds[0].Layers[0].Pruned > 0 || TargetLinkCount.For(outFeatures, inFeatures, schedule.DensityAtRound(1)) == TargetLinkCount.For(outFeatures, inFeatures, 0.6));
                layer.Dispose();
            }
        }
    }

    [TestMethod]
    [DataRow(SparseTrainingMethod.Gmp)]
    [DataRow(SparseTrainingMethod.GraNet)]
    public void GmpAndGraNetFollowTheCubicScheduleExactly(SparseTrainingMethod method)
    {
        EngineTestKit.Load();
        foreach (var (outFeatures, inFeatures) in Shapes)
        {
            foreach (double density in Densities)
            {
                var options = StepOptions(method, density);
                options.InitialDensity = 0.6;
                options.DensityDecayEndFraction = 0.5;   // decay over rounds 1..6 of 8
                var rounds = TrainSingleLayer(outFeatures, inFeatures, options, out var layer);
                var schedule = new DensitySchedule(0.6, density, 6, decayRounds: 6, DensityDecayShape.Cubic);
                Assert.AreEqual(8, rounds.Count);
                foreach (var round in rounds)
                {
                    string at = $"{method} {outFeatures}x{inFeatures} d={density} round {round.Round}";
                    Assert.AreEqual(schedule.DensityAtRound(round.Round), round.TargetDensity, 1e-12, at);
                    var stats = round.Layers[0];
                    Assert.AreEqual(TargetLinkCount.For(outFeatures, inFeatures, round.TargetDensity), stats.ActiveLinks, at);
                    Assert.AreEqual(0, stats.Percolated, at);
                    if (method == SparseTrainingMethod.Gmp)
                        Assert.AreEqual((0L, stats.Pruned, 0.0), (stats.Regrown, stats.Removed, round.Zeta), $"GMP only prunes: {at}");
                    else
                        Assert.AreEqual(stats.Removed - stats.Pruned, stats.Regrown, $"GraNet regrows what ζ removed: {at}");
                }
                Assert.AreEqual(TargetLinkCount.For(outFeatures, inFeatures, density), EngineTestKit.Count(layer.Mask), "final density reached");
                if (method == SparseTrainingMethod.GraNet && TargetLinkCount.For(outFeatures, inFeatures, density) >= 10)
                    Assert.IsTrue(rounds.Sum(r => r.Layers[0].Regrown) > 0, "GraNet regrows");
                layer.Dispose();
            }
        }
    }

    [TestMethod]
    [DataRow(SparseTrainingMethod.Chts)]
    [DataRow(SparseTrainingMethod.Chtss)]
    public void ChainedLayersWithPercolationKeepExactCounts(SparseTrainingMethod method)
    {
        EngineTestKit.Load();
        foreach (double density in new[] { 0.02, 0.1, 0.4 })
        {
            var layers = EngineTestKit.Chain(new long[] { 20, 24, 24, 6 }, denseLast: true);
            var network = EngineTestKit.ChainedNetwork(layers);
            var options = StepOptions(method, density);
            options.InitialDensity = 0.5;
            options.Zeta = 0.5;
            options.CosineZetaDecay = false;
            using var scheduler = new SparseTopologyScheduler(network, options.ToEngine(), totalSteps: 12, stepsPerEpoch: 4, seed: 3);
            scheduler.InitializeTopology();
            using var optimizer = SparseOptimizers.CreateSgd(layers.SelectMany(l => l.parameters()), 0.05, momentum: 0.9);
            scheduler.Attach(optimizer);
            var rounds = EngineTestKit.Train(layers, scheduler, optimizer, 12, dataSeed: 1);
            Assert.AreEqual(8, rounds.Count);
            foreach (var round in rounds)
            {
                Assert.AreEqual(2, round.Layers.Count, "two sparse layers; the dense head is not reported");
                foreach (var stats in round.Layers)
                    Assert.AreEqual(TargetLinkCount.For(stats.Rows, stats.Columns, round.TargetDensity), stats.ActiveLinks, $"{stats.LayerName} round {round.Round} d={density}");
            }
            Assert.AreEqual(6L * 24, EngineTestKit.Count(layers[^1].Mask), "dense head stays fully connected");
            foreach (var l in layers)
                l.Dispose();
        }
    }

    private static SparseTopologyOptions StepOptions(SparseTrainingMethod method, double density) => new()
    {
        Method = method,
        Density = density,
        UpdateInterval = 1,
        UpdateIntervalUnit = UpdateIntervalUnit.Steps,
        Initialization = TopologyInitialization.ErdosRenyi,
    };

    private static List<TopologyRoundStats> TrainSingleLayer(long outFeatures, long inFeatures, SparseTopologyOptions options, out MaskedLinear layer)
    {
        layer = new MaskedLinear($"l{outFeatures}x{inFeatures}", inFeatures, outFeatures);
        var layers = new[] { layer };
        using var scheduler = new SparseTopologyScheduler(new MaskedLayerGraph(layers), options.ToEngine(), totalSteps: 12, stepsPerEpoch: 4, seed: 42);
        scheduler.InitializeTopology();
        Assert.AreEqual(TargetLinkCount.For(outFeatures, inFeatures, scheduler.CurrentTargetDensity), EngineTestKit.Count(layer.Mask), "initial count");
        using var optimizer = SparseOptimizers.CreateSgd(layer.parameters(), 0.05, momentum: 0.9, weightDecay: 5e-4);
        scheduler.Attach(optimizer);
        return EngineTestKit.Train(layers, scheduler, optimizer, 12, dataSeed: outFeatures * 100 + inFeatures);
    }
}
