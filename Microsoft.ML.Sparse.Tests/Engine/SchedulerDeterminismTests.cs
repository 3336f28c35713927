// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Trainers;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Torch;
using Microsoft.ML.Sparse.Engine.Torch.Optimization;

namespace Microsoft.ML.Sparse.Tests.Engine;

[TestClass]
public sealed class SchedulerDeterminismTests
{
    [TestMethod]
    [DataRow(SparseTrainingMethod.Chts, TopologyInitialization.BipartiteReceptiveField)]
    [DataRow(SparseTrainingMethod.Chtss, TopologyInitialization.BipartiteSmallWorld)]
    [DataRow(SparseTrainingMethod.Set, TopologyInitialization.ErdosRenyi)]
    [DataRow(SparseTrainingMethod.RigL, TopologyInitialization.ErdosRenyi)]
    [DataRow(SparseTrainingMethod.Gmp, TopologyInitialization.ErdosRenyi)]
    [DataRow(SparseTrainingMethod.GraNet, TopologyInitialization.BipartiteReceptiveField)]
    public void SameSeedGivesIdenticalMasksAfterEveryRound(SparseTrainingMethod method, TopologyInitialization initialization)
    {
        EngineTestKit.Load();
        var a = Run(method, initialization, seed: 11);
        var b = Run(method, initialization, seed: 11);
        var c = Run(method, initialization, seed: 12);
        Assert.AreEqual(a.Count, b.Count);
        Assert.IsTrue(a.Count >= 5);
        for (int i = 0; i < a.Count; i++)
            CollectionAssert.AreEqual(a[i], b[i], $"masks after round {i}");
        Assert.IsFalse(a.Zip(c).All(p => p.First.SequenceEqual(p.Second)), "another seed gives another topology sequence");
    }

    /// <summary>Trains a small chain and returns, after the initialisation and after each round, all masks flattened.</summary>
    private static List<bool[]> Run(SparseTrainingMethod method, TopologyInitialization initialization, long seed)
    {
        random.manual_seed(1);   // same biases and dense-head weights in every run
        var layers = EngineTestKit.Chain(new long[] { 10, 14, 14, 3 }, denseLast: true);
        var network = EngineTestKit.ChainedNetwork(layers);
        var options = new SparseTopologyOptions
        {
            Method = method,
            Density = 0.15,
            InitialDensity = 0.5,
            UpdateInterval = 2,
            UpdateIntervalUnit = UpdateIntervalUnit.Steps,
            Initialization = initialization,
        };
        var snapshots = new List<bool[]>();
        bool[] Masks() => layers.SelectMany(l => l.Mask.reshape(-1).data<bool>().ToArray()).ToArray();
        using var scheduler = new SparseTopologyScheduler(network, options.ToEngine(), totalSteps: 16, stepsPerEpoch: 4, seed);
        scheduler.InitializeTopology();
        snapshots.Add(Masks());
        using var optimizer = SparseOptimizers.CreateAdam(layers.SelectMany(l => l.parameters()), 0.01);
        scheduler.Attach(optimizer);
        EngineTestKit.Train(layers, scheduler, optimizer, 16, dataSeed: 4, afterStep: s =>
        {
            if (scheduler.Calendar.IsRoundStep(s + 1))
                snapshots.Add(Masks());
        });
        foreach (var l in layers)
            l.Dispose();
        return snapshots;
    }
}
