// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Trainers;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Torch;
using Microsoft.ML.Sparse.Engine.Torch.Layers;
using Microsoft.ML.Sparse.Engine.Torch.Optimization;

namespace Microsoft.ML.Sparse.Tests.Engine;

/// <summary>Masked weights and the optimizer state at masked positions are exactly zero after real training steps and rounds.</summary>
[TestClass]
public sealed class OptimizerStateMaskingTests
{
    [TestMethod]
    [DataRow("sgd", new[] { "momentum_buffer" })]
    [DataRow("adam", new[] { "exp_avg", "exp_avg_sq" })]
    [DataRow("adamw", new[] { "exp_avg", "exp_avg_sq" })]
    public void MaskedWeightsAndMomentsStayExactlyZero(string kind, string[] expectedBuffers)
    {
        EngineTestKit.Load();
        var layers = EngineTestKit.Chain(new long[] { 12, 16, 16, 4 }, denseLast: true);
        var network = EngineTestKit.ChainedNetwork(layers);
        var options = new SparseTopologyOptions
        {
            Density = 0.2,
            UpdateInterval = 3,
            UpdateIntervalUnit = UpdateIntervalUnit.Steps,
            Initialization = TopologyInitialization.ErdosRenyi,
        };
        using var scheduler = new SparseTopologyScheduler(network, options.ToEngine(), totalSteps: 16, stepsPerEpoch: 4, seed: 5);
        scheduler.InitializeTopology();
        var parameters = layers.SelectMany(l => l.parameters()).ToList();
        using var optimizer = kind switch
        {
            "sgd" => SparseOptimizers.CreateSgd(parameters, 0.05, momentum: 0.9, weightDecay: 5e-4),
            "adam" => SparseOptimizers.CreateAdam(parameters, 0.01, weightDecay: 1e-3),
            _ => SparseOptimizers.CreateAdam(parameters, 0.01, weightDecay: 1e-2, decoupledWeightDecay: true),
        };
        scheduler.Attach(optimizer);
        var probe = new OptimizerStateMasker(optimizer);
        int checkedSteps = 0;
        var rounds = EngineTestKit.Train(layers, scheduler, optimizer, 16, dataSeed: 9, afterStep: _ =>
        {
            foreach (var layer in layers.Where(l => l.IsSparse))
            {
                using var scope = NewDisposeScope();
                var masked = layer.Mask.logical_not();
                Assert.AreEqual(0f, layer.Weight.detach().masked_select(masked).abs().max().item<float>(), $"{layer.GetName()} masked weights");
                var buffers = probe.Buffers(layer.Weight);
                CollectionAssert.AreEquivalent(expectedBuffers, buffers.Select(b => b.Name).ToArray());
                foreach (var (name, buffer) in buffers)
                {
                    Assert.AreEqual(0f, buffer.masked_select(masked).abs().max().item<float>(), $"{layer.GetName()} {name} at masked entries");
                    Assert.IsTrue(buffer.masked_select(layer.Mask).abs().max().item<float>() > 0, $"{name} is live on links");
                }
            }
            checkedSteps++;
        });
        Assert.AreEqual(16, checkedSteps);
        Assert.AreEqual(3, rounds.Count, "rounds after steps 3, 6, 9 (T_end = 12 is excluded)");
        Assert.IsTrue(rounds.All(r => r.Layers.All(l => l.Regrown > 0)), "the topology actually changed");
        foreach (var l in layers)
            l.Dispose();
    }

    [TestMethod]
    [DataRow(SparseTrainingMethod.Gmp)]
    [DataRow(SparseTrainingMethod.GraNet)]
    public void PrunedWeightsAndMomentsStayExactlyZeroUnderTheDensityDecay(SparseTrainingMethod method)
    {
        EngineTestKit.Load();
        var layers = EngineTestKit.Chain(new long[] { 12, 16, 16, 4 }, denseLast: true);
        var network = EngineTestKit.ChainedNetwork(layers);
        var options = new SparseTopologyOptions
        {
            Method = method,
            Density = 0.1,
            InitialDensity = 0.5,
            DensityDecayEndFraction = 1,
            UpdateInterval = 2,
            UpdateIntervalUnit = UpdateIntervalUnit.Steps,
            Initialization = TopologyInitialization.ErdosRenyi,
        };
        using var scheduler = new SparseTopologyScheduler(network, options.ToEngine(), totalSteps: 16, stepsPerEpoch: 4, seed: 5);
        scheduler.InitializeTopology();
        using var optimizer = SparseOptimizers.CreateSgd(layers.SelectMany(l => l.parameters()), 0.05, momentum: 0.9, weightDecay: 5e-4);
        scheduler.Attach(optimizer);
        var probe = new OptimizerStateMasker(optimizer);
        var rounds = EngineTestKit.Train(layers, scheduler, optimizer, 16, dataSeed: 9, afterStep: _ =>
        {
            foreach (var layer in layers.Where(l => l.IsSparse))
            {
                using var scope = NewDisposeScope();
                var masked = layer.Mask.logical_not();
                Assert.AreEqual(0f, layer.Weight.detach().masked_select(masked).abs().max().item<float>(), $"{method} {layer.GetName()} masked weights");
                foreach (var (name, buffer) in probe.Buffers(layer.Weight))
                    Assert.AreEqual(0f, buffer.masked_select(masked).abs().max().item<float>(), $"{method} {layer.GetName()} {name} at masked entries");
            }
        });
        Assert.AreEqual(5, rounds.Count, "rounds after steps 2..10 (T_end = 12 is excluded)");
        Assert.IsTrue(rounds.Zip(rounds.Skip(1)).All(p => p.Second.TargetDensity < p.First.TargetDensity), "the density decays every round");
        Assert.IsTrue(rounds[0].Layers.All(l => l.Pruned > 0), "the first round prunes every layer");
        foreach (var l in layers)
            l.Dispose();
    }

    [TestMethod]
    public void NativeOptimizersAreRejectedWithAClearMessage()
    {
        EngineTestKit.Load();
        using var layer = new Microsoft.ML.Sparse.Engine.Torch.Layers.MaskedLinear("l", 3, 2);
        using var lbfgs = TorchSharp.torch.optim.LBFGS(layer.parameters());
        var ex = Assert.ThrowsExactly<NotSupportedException>(() => new OptimizerStateMasker(lbfgs));
        StringAssert.Contains(ex.Message, "SparseOptimizers");
    }

    [TestMethod]
    public void LearningRateCanBeSetPerStep()
    {
        EngineTestKit.Load();
        using var layer = new Microsoft.ML.Sparse.Engine.Torch.Layers.MaskedLinear("l", 3, 2);
        using var sgd = SparseOptimizers.CreateSgd(layer.parameters(), 0.025, momentum: 0.9, weightDecay: 5e-4);
        Assert.AreEqual(0.025, SparseOptimizers.GetLearningRate(sgd));
        SparseOptimizers.SetLearningRate(sgd, 0.001);
        Assert.AreEqual(0.001, sgd.ParamGroups.Single().LearningRate);
        using var adamw = SparseOptimizers.CreateAdam(layer.parameters(), 1e-3, decoupledWeightDecay: true);
        Assert.IsInstanceOfType<AdamW>(adamw);
        Assert.IsInstanceOfType<Adam>(SparseOptimizers.CreateAdam(layer.parameters(), 1e-3));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SparseOptimizers.SetLearningRate(sgd, double.NaN));
    }
}
