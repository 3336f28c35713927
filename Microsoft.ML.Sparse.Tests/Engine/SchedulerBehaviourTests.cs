// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Trainers;
using TorchSharp;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Torch;
using Microsoft.ML.Sparse.Engine.Torch.Layers;
using Microsoft.ML.Sparse.Engine.Torch.Optimization;

namespace Microsoft.ML.Sparse.Tests.Engine;

[TestClass]
public sealed class SchedulerBehaviourTests
{
    [TestMethod]
    public void DenseMethodUsesAllOnesMasksAndNeverRunsARound()
    {
        EngineTestKit.Load();
        var layers = EngineTestKit.Chain(new long[] { 6, 8, 3 });
        using var scheduler = NewScheduler(layers, new SparseTopologyOptions { Method = SparseTrainingMethod.Dense, UpdateIntervalUnit = UpdateIntervalUnit.Steps });
        scheduler.InitializeTopology();
        Assert.AreEqual(1.0, scheduler.CurrentTargetDensity);
        using var optimizer = SparseOptimizers.CreateSgd(layers.SelectMany(l => l.parameters()), 0.01);
        scheduler.Attach(optimizer);
        var rounds = EngineTestKit.Train(layers, scheduler, optimizer, 10, dataSeed: 1);
        Assert.AreEqual(0, rounds.Count);
        Assert.IsTrue(layers.All(l => EngineTestKit.Count(l.Mask) == l.InFeatures * l.OutFeatures));
        Assert.IsTrue(scheduler.Snapshot().Layers.All(s => s.Density == 1.0));
        Dispose(layers);
    }

    [TestMethod]
    public void StaticMethodKeepsItsInitialMaskAndMasksTraining()
    {
        EngineTestKit.Load();
        var layers = EngineTestKit.Chain(new long[] { 6, 8, 3 });
        using var scheduler = NewScheduler(layers, new SparseTopologyOptions { Method = SparseTrainingMethod.Static, Density = 0.3, UpdateIntervalUnit = UpdateIntervalUnit.Steps });
        scheduler.InitializeTopology();
        var initial = layers.Select(l => l.Mask.clone()).ToList();
        using var optimizer = SparseOptimizers.CreateSgd(layers.SelectMany(l => l.parameters()), 0.05, momentum: 0.9);
        scheduler.Attach(optimizer);
        var rounds = EngineTestKit.Train(layers, scheduler, optimizer, 10, dataSeed: 1);
        Assert.AreEqual(0, rounds.Count);
        for (int i = 0; i < layers.Count; i++)
        {
            Assert.IsTrue(layers[i].Mask.equal(initial[i]).all().item<bool>());
            Assert.AreEqual(0f, layers[i].Weight.detach().masked_select(initial[i].logical_not()).abs().max().item<float>());
        }
        Dispose(layers);
    }

    [TestMethod]
    public void SkipOptimizerStepIsReportedExactlyOnRoundSteps()
    {
        EngineTestKit.Load();
        foreach (bool skip in new[] { false, true })
        {
            var layers = EngineTestKit.Chain(new long[] { 6, 8 });
            var options = new SparseTopologyOptions { Density = 0.3, UpdateInterval = 3, UpdateIntervalUnit = UpdateIntervalUnit.Steps, SkipOptimizerStepOnUpdate = skip };
            using var scheduler = NewScheduler(layers, options, totalSteps: 20);
            scheduler.InitializeTopology();
            var skipped = new List<long>();
            var roundSteps = new List<long>();
            for (int s = 0; s < 20; s++)
            {
                scheduler.BeforeOptimizerStep();
                if (scheduler.SkipThisOptimizerStep)
                    skipped.Add(scheduler.Step + 1);
                if (scheduler.AfterOptimizerStep() is { } round)
                    roundSteps.Add(round.Step);
            }
            CollectionAssert.AreEqual(new long[] { 3, 6, 9, 12 }, roundSteps, "T_end = 15");
            CollectionAssert.AreEqual(skip ? roundSteps : new List<long>(), skipped);
            Dispose(layers);
        }
    }

    [TestMethod]
    public void RoundTelemetryDescribesTheRound()
    {
        EngineTestKit.Load();
        var layers = EngineTestKit.Chain(new long[] { 12, 16, 16, 4 }, denseLast: true);
        var options = new SparseTopologyOptions { Density = 0.2, Zeta = 0.3, UpdateInterval = 1, UpdateIntervalUnit = UpdateIntervalUnit.Epochs };
        using var scheduler = NewScheduler(layers, options, totalSteps: 40, stepsPerEpoch: 4);
        scheduler.InitializeTopology();
        using var optimizer = SparseOptimizers.CreateSgd(layers.SelectMany(l => l.parameters()), 0.05, momentum: 0.9);
        scheduler.Attach(optimizer);
        var rounds = EngineTestKit.Train(layers, scheduler, optimizer, 40, dataSeed: 2);
        CollectionAssert.AreEqual(new long[] { 4, 8, 12, 16, 20, 24, 28 }, rounds.Select(r => r.Step).ToArray(), "every epoch, T_end = 30");
        CollectionAssert.AreEqual(Enumerable.Range(1, 7).ToArray(), rounds.Select(r => r.Round).ToArray());
        CollectionAssert.AreEqual(new double[] { 1, 2, 3, 4, 5, 6, 7 }, rounds.Select(r => r.Epoch).ToArray());
        var first = rounds[0];
        Assert.AreEqual(0.15 * (1 + Math.Cos(Math.PI * 4 / 30)), first.Zeta, 1e-12);
        Assert.AreEqual(1 + 2.0 * 4 / 30, first.Temperature, 1e-12);
        Assert.IsTrue(first.LinkPredictionTime > TimeSpan.Zero && first.RoundTime >= first.LinkPredictionTime);
        foreach (var round in rounds)
        {
            for (int i = 0; i < 2; i++)
            {
                var stats = round.Layers[i];
                Assert.AreEqual(layers[i].GetName(), stats.LayerName);
                Assert.IsTrue(stats.Removed >= (long)Math.Floor(stats.ActiveLinks * round.Zeta), "at least ⌊nnz·ζ⌋ removed");
                Assert.IsTrue(stats.RemovedRegrownOverlap <= Math.Min(stats.Removed, stats.Regrown));
                Assert.IsTrue(stats.Percolated <= stats.Removed);
            }
        }
        var snapshot = scheduler.Snapshot();
        for (int i = 0; i < 2; i++)
        {
            using var scope = NewDisposeScope();
            Assert.AreEqual(layers[i].Mask.any(dim: 0).sum().ToInt64(), snapshot.Layers[i].ActiveInputNeurons);
            Assert.AreEqual(layers[i].Mask.any(dim: 1).sum().ToInt64(), snapshot.Layers[i].ActiveOutputNeurons);
        }
        Assert.AreEqual(7, snapshot.Round);
        Assert.AreEqual(40, snapshot.Step);
        Dispose(layers);
    }

    [TestMethod]
    public void EarlyStopFreezesALayerOnceItsOverlapExceedsTheThreshold()
    {
        EngineTestKit.Load();
        var layers = EngineTestKit.Chain(new long[] { 10, 10 });
        // Hard magnitude removal with top-k CH regrowth quickly regrows what it removed.
        var options = new SparseTopologyOptions
        {
            Density = 0.3, Removal = LinkRemoval.WeightMagnitude, Regrowth = RegrowthSelection.TopK, EarlyStop = true, EarlyStopOverlap = 0.01,
            UpdateInterval = 1, UpdateIntervalUnit = UpdateIntervalUnit.Steps,
        };
        using var scheduler = NewScheduler(layers, options, totalSteps: 30);
        scheduler.InitializeTopology();
        using var optimizer = SparseOptimizers.CreateSgd(layers[0].parameters(), 0.01);
        scheduler.Attach(optimizer);
        Tensor? frozenMask = null;
        var rounds = EngineTestKit.Train(layers, scheduler, optimizer, 30, dataSeed: 3, afterStep: _ =>
        {
            if (frozenMask is not null)
                Assert.IsTrue(layers[0].Mask.equal(frozenMask).all().item<bool>(), "a frozen layer never changes");
            else if (scheduler.Snapshot().Layers[0].EvolutionStopped)
                frozenMask = layers[0].Mask.clone();
        });
        Assert.IsNotNull(frozenMask, "the layer froze");
        Assert.IsTrue(rounds.Count < 22, "no rounds once every layer is frozen");
        Dispose(layers);
    }

    [TestMethod]
    public void ChtssTooShortForAnyRoundStartsAtTheFinalDensity()
    {
        EngineTestKit.Load();
        var layers = EngineTestKit.Chain(new long[] { 10, 10 });
        using var scheduler = NewScheduler(layers, new SparseTopologyOptions { Method = SparseTrainingMethod.Chtss, Density = 0.1 }, totalSteps: 4, stepsPerEpoch: 4);
        scheduler.InitializeTopology();
        Assert.AreEqual(0.1, scheduler.CurrentTargetDensity);
        Assert.AreEqual(10L, EngineTestKit.Count(layers[0].Mask));
        Dispose(layers);
    }

    [TestMethod]
    public void ChtssStartsAtTheInitialDensity()
    {
        EngineTestKit.Load();
        var layers = EngineTestKit.Chain(new long[] { 10, 10 });
        using var scheduler = NewScheduler(layers, new SparseTopologyOptions { Method = SparseTrainingMethod.Chtss, Density = 0.1, InitialDensity = 0.5 }, totalSteps: 40, stepsPerEpoch: 4);
        scheduler.InitializeTopology();
        Assert.AreEqual(0.5, scheduler.CurrentTargetDensity);
        Assert.AreEqual(50L, EngineTestKit.Count(layers[0].Mask));
        Dispose(layers);
    }

    [TestMethod]
    public void InvalidSetupsThrowClearErrors()
    {
        EngineTestKit.Load();
        var layers = EngineTestKit.Chain(new long[] { 4, 5, 6 });
        var network = new MaskedLayerGraph(layers);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SparseTopologyScheduler(network, new SparseTopologyOptions { Density = 0 }.ToEngine(), 10, 5, 1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SparseTopologyScheduler(network, new SparseTopologyOptions().ToEngine(), 0, 5, 1));
        using (var scheduler = new SparseTopologyScheduler(network, new SparseTopologyOptions { Initialization = TopologyInitialization.Correlated }.ToEngine(), 10, 5, 1))
            Assert.ThrowsExactly<ArgumentException>(() => scheduler.InitializeTopology());
        using (var scheduler = new SparseTopologyScheduler(network, new SparseTopologyOptions().ToEngine(), 10, 5, 1))
            Assert.ThrowsExactly<InvalidOperationException>(() => scheduler.AfterOptimizerStep(), "InitializeTopology first");
        Dispose(layers);
    }

    [TestMethod]
    public void CorrelatedInitialisationUsesTheGivenCorrelation()
    {
        EngineTestKit.Load();
        using var scope = NewDisposeScope();
        var layers = EngineTestKit.Chain(new long[] { 4, 4 });
        var correlation = tensor(new float[] { 1, .9f, .1f, .2f, .9f, 1, .3f, .1f, .1f, .3f, 1, .8f, .2f, .1f, .8f, 1 }, new long[] { 4, 4 });
        using var scheduler = NewScheduler(layers, new SparseTopologyOptions { Density = 0.25, Initialization = TopologyInitialization.Correlated }, 10, 5);
        scheduler.InitializeTopology(correlation);
        EngineTestKit.AssertMaskEqual(new[,] { { 0, 1, 0, 0 }, { 1, 0, 0, 0 }, { 0, 0, 0, 1 }, { 0, 0, 1, 0 } }, layers[0].Mask);
        Dispose(layers);
    }

    private static SparseTopologyScheduler NewScheduler(List<MaskedLinear> layers, SparseTopologyOptions options, long totalSteps = 20, long stepsPerEpoch = 5) =>
        new(EngineTestKit.ChainedNetwork(layers), options.ToEngine(), totalSteps, stepsPerEpoch, seed: 7);

    private static void Dispose(IEnumerable<MaskedLinear> layers)
    {
        foreach (var l in layers)
            l.Dispose();
    }
}
