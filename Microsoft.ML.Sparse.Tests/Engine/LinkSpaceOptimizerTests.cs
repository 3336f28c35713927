// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Trainers;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Torch;
using Microsoft.ML.Sparse.Engine.Torch.Layers;
using Microsoft.ML.Sparse.Engine.Torch.Optimization;

namespace Microsoft.ML.Sparse.Tests.Engine;

/// <summary>
/// The link-space optimizer against the dense optimizer over a masked weight (the reference code's way): the same
/// steps and topology rounds give bit-for-bit the same weights and, at the links, the same moments.
/// </summary>
[TestClass]
public sealed class LinkSpaceOptimizerTests
{
    [TestMethod]
    [DataRow(SparseOptimizer.Sgd)]
    [DataRow(SparseOptimizer.Adam)]
    [DataRow(SparseOptimizer.AdamW)]
    public void StepsAndRoundsGiveTheWeightsAndMomentsOfTheMaskedDenseOptimizer(SparseOptimizer kind)
    {
        EngineTestKit.Load();
        var (dense, denseScheduler) = Network();
        var (links, linkScheduler) = Network();
        using (no_grad())
            foreach (var (a, b) in dense.SelectMany(l => l.parameters()).Zip(links.SelectMany(l => l.parameters())))
                b.copy_(a);
        var sparse = links.Where(l => l.IsSparse).ToList();
        using var denseOptimizer = Create(kind, dense.SelectMany(l => l.parameters()));
        using var otherOptimizer = Create(kind, links.SelectMany(l => l.parameters()).Where(p => sparse.All(l => l.Weight.Handle != p.Handle)));
        using var linkOptimizer = new LinkSpaceOptimizer(sparse, kind, LearningRate, momentum: 0.9, beta1: 0.9, beta2: 0.999, weightDecay: WeightDecay);
        denseScheduler.Attach(denseOptimizer);
        linkScheduler.Attach(otherOptimizer, linkOptimizer);
        var probe = new OptimizerStateMasker(denseOptimizer);

        var denseRounds = EngineTestKit.Train(dense, denseScheduler, denseOptimizer, 16, dataSeed: 9);
        var linkRounds = EngineTestKit.Train(links, linkScheduler, otherOptimizer, 16, dataSeed: 9, links: linkOptimizer);

        Assert.AreEqual(3, linkRounds.Count);
        Assert.IsTrue(linkRounds.All(r => r.Layers.All(l => l.Regrown > 0)), "the topology changed in every round");
        for (int i = 0; i < dense.Count; i++)
        {
            Assert.IsTrue(dense[i].Mask.eq(links[i].Mask).all().item<bool>(), $"{kind}: mask of layer {i}");
            Assert.IsTrue(dense[i].Weight.eq(links[i].Weight).all().item<bool>(),
                $"{kind}: weights of layer {i} differ by up to {(dense[i].Weight - links[i].Weight).abs().max().item<float>()}");
            Assert.IsTrue(dense[i].Bias!.eq(links[i].Bias!).all().item<bool>(), $"{kind}: bias of layer {i}");
            if (!links[i].IsSparse)
                continue;
            Assert.AreEqual(0f, links[i].Weight.detach().masked_select(links[i].Mask.logical_not()).abs().max().item<float>(), "masked weights stay zero");
            var (index, first, second, steps) = linkOptimizer.State(links[i]);
            Assert.AreEqual(16L, steps);
            CollectionAssert.AreEqual(links[i].Mask.reshape(-1).nonzero().reshape(-1).data<long>().ToArray(), index.data<long>().ToArray(), "links in flat order");
            var buffers = probe.Buffers(dense[i].Weight).ToDictionary(b => b.Name, b => b.Buffer);
            var expectedFirst = buffers[kind == SparseOptimizer.Sgd ? "momentum_buffer" : "exp_avg"].reshape(-1).index_select(0, index);
            Assert.IsTrue(expectedFirst.eq(first!).all().item<bool>(), $"{kind}: first moment of layer {i} at its links");
            if (kind != SparseOptimizer.Sgd)
                Assert.IsTrue(buffers["exp_avg_sq"].reshape(-1).index_select(0, index).eq(second!).all().item<bool>(), $"{kind}: second moment of layer {i}");
        }
        foreach (var layer in dense.Concat(links))
            layer.Dispose();
        denseScheduler.Dispose();
        linkScheduler.Dispose();
    }

    [TestMethod]
    public void TheCsrKernelsHandOverLinkGradientsWithoutADenseWeightGradient()
    {
        EngineTestKit.Load();
        using var viaLinks = new MaskedLinear("links", 24, 20);
        using var viaDense = new MaskedLinear("dense", 24, 20);
        using (no_grad())
        {
            var mask = rand(new long[] { 20, 24 }, generator: new TorchSharp.torch.Generator(3)) < 0.3;
            viaLinks.SetMask(mask);
            viaDense.SetMask(mask);
            viaDense.Weight.copy_(viaLinks.Weight);
            viaDense.Bias!.copy_(viaLinks.Bias!);
        }
        viaLinks.UseSparseKernels = viaDense.UseSparseKernels = true;
        using var links = new LinkSpaceOptimizer(new[] { viaLinks }, SparseOptimizer.Adam, LearningRate, 0, 0.9, 0.999, WeightDecay);
        using var dense = new LinkSpaceOptimizer(new[] { viaDense }, SparseOptimizer.Adam, LearningRate, 0, 0.9, 0.999, WeightDecay);
        viaDense.LinkGradientOnly = false; // the kernels scatter a dense weight gradient, which the optimizer gathers
        using var generator = new TorchSharp.torch.Generator(7);
        for (int step = 0; step < 5; step++)
        {
            using var scope = NewDisposeScope();
            var x = randn(new long[] { 6, 24 }, generator: generator);
            foreach (var (layer, optimizer) in new[] { (viaLinks, links), (viaDense, dense) })
            {
                optimizer.ZeroGrad();
                layer.forward(x).pow(2).sum().backward();
                Assert.AreEqual(layer == viaDense, layer.Weight.grad is not null, $"{layer.GetName()}: a dense weight gradient only where asked for");
                optimizer.Step();
            }
            Assert.IsTrue(viaLinks.Weight.eq(viaDense.Weight).all().item<bool>(), $"step {step}: the same update from link gradients as from the dense gradient");
        }
        Assert.AreEqual(0f, viaLinks.Weight.detach().masked_select(viaLinks.Mask.logical_not()).abs().max().item<float>());
        Assert.IsTrue(viaLinks.Weight.detach().masked_select(viaLinks.Mask).ne(0).all().item<bool>(), "the links were trained");
    }

    [TestMethod]
    public void ALinkRemovedAndRegrownStartsFromZeroMomentsAndKeptLinksKeepTheirs()
    {
        EngineTestKit.Load();
        using var layer = new MaskedLinear("l", 4, 3);
        layer.SetMask(EngineTestKit.Mask(new[,] { { 1, 1, 0, 0 }, { 0, 1, 1, 0 }, { 1, 0, 0, 1 } }));
        using var optimizer = new LinkSpaceOptimizer(new[] { layer }, SparseOptimizer.Adam, LearningRate, 0, 0.9, 0.999, 0);
        optimizer.ZeroGrad();
        layer.forward(ones(2, 4)).sum().backward();
        optimizer.Step();
        var before = optimizer.State(layer);
        float keptFirst = before.First![4].item<float>(); // link (2, 0), flat position 8
        Assert.AreNotEqual(0f, keptFirst);
        Assert.AreNotEqual(0f, before.First[0].item<float>());

        // A round removes link (0, 0); the next, before any step, grows it back.
        layer.SetMask(EngineTestKit.Mask(new[,] { { 0, 1, 0, 0 }, { 0, 1, 1, 0 }, { 1, 0, 0, 1 } }));
        optimizer.FollowMasks();
        layer.SetMask(EngineTestKit.Mask(new[,] { { 1, 1, 0, 0 }, { 0, 1, 1, 0 }, { 1, 0, 0, 1 } }));
        optimizer.FollowMasks();
        var after = optimizer.State(layer);
        CollectionAssert.AreEqual(new long[] { 0, 1, 5, 6, 8, 11 }, after.Index.data<long>().ToArray());
        Assert.AreEqual(0f, after.First![0].item<float>(), "regrown link: first moment from zero");
        Assert.AreEqual(0f, after.Second![0].item<float>(), "regrown link: second moment from zero");
        Assert.AreEqual(keptFirst, after.First[4].item<float>(), "kept link keeps its moment");
    }

    private const double LearningRate = 0.01, WeightDecay = 1e-3;

    private static (List<MaskedLinear> Layers, SparseTopologyScheduler Scheduler) Network()
    {
        var layers = EngineTestKit.Chain(new long[] { 12, 16, 16, 4 }, denseLast: true);
        var options = new SparseTopologyOptions
        {
            Density = 0.2,
            UpdateInterval = 3,
            UpdateIntervalUnit = UpdateIntervalUnit.Steps,
            Initialization = TopologyInitialization.ErdosRenyi,
        };
        var scheduler = new SparseTopologyScheduler(EngineTestKit.ChainedNetwork(layers), options.ToEngine(), totalSteps: 16, stepsPerEpoch: 4, seed: 5);
        scheduler.InitializeTopology();
        return (layers, scheduler);
    }

    private static TorchSharp.torch.optim.Optimizer Create(SparseOptimizer kind, IEnumerable<TorchSharp.Modules.Parameter> parameters) => kind switch
    {
        SparseOptimizer.Sgd => SparseOptimizers.CreateSgd(parameters, LearningRate, momentum: 0.9, weightDecay: WeightDecay),
        SparseOptimizer.Adam => SparseOptimizers.CreateAdam(parameters, LearningRate, weightDecay: WeightDecay),
        _ => SparseOptimizers.CreateAdam(parameters, LearningRate, weightDecay: WeightDecay, decoupledWeightDecay: true),
    };
}
