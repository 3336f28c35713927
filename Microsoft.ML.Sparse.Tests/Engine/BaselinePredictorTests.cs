// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Trainers;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Torch;
using Microsoft.ML.Sparse.Engine.Torch.Layers;
using Microsoft.ML.Sparse.Engine.Torch.LinkPrediction;
using Microsoft.ML.Sparse.Engine.Torch.Optimization;

namespace Microsoft.ML.Sparse.Tests.Engine;

[TestClass]
public sealed class BaselinePredictorTests
{
    [TestMethod]
    public void RandomAndGradientScoresAreZeroExactlyAtLinks()
    {
        EngineTestKit.Load();
        using var scope = NewDisposeScope();
        using var generator = new Generator(1);
        var mask = EngineTestKit.Mask(new[,] { { 1, 0, 0 }, { 0, 1, 1 } });
        var random = RandomLinkPredictor.Score(mask, generator);
        Assert.AreEqual(0f, random.masked_select(mask).abs().sum().item<float>());
        Assert.IsTrue(random.masked_select(mask.logical_not()).gt(0).all().item<bool>());
        var gradient = tensor(new float[] { -5, -2, 3, 1, 7, -4 }, new long[] { 2, 3 });
        CollectionAssert.AreEqual(new float[] { 0, 2, 3, 1, 0, 0 }, GradientLinkPredictor.Score(mask, gradient).data<float>().ToArray());
    }

    [TestMethod]
    public void RigLRegrowsWhereTheDenseGradientIsLargest()
    {
        EngineTestKit.Load();
        using var layer = new MaskedLinear("l", 20, 16);
        var options = new SparseTopologyOptions { Method = SparseTrainingMethod.RigL, Density = 0.2, UpdateInterval = 3, UpdateIntervalUnit = UpdateIntervalUnit.Steps };
        using var scheduler = new SparseTopologyScheduler(new MaskedLayerGraph(new[] { layer }), options.ToEngine(), totalSteps: 20, stepsPerEpoch: 5, seed: 3);
        scheduler.InitializeTopology();
        using var optimizer = SparseOptimizers.CreateSgd(layer.parameters(), 0.05, momentum: 0.9);
        scheduler.Attach(optimizer);
        using var generator = new Generator(8);
        int checkedRounds = 0;
        for (int step = 0; step < 12; step++)
        {
            using var scope = NewDisposeScope();
            var x = randn(new long[] { 16, 20 }, generator: generator);
            var loss = (layer.forward(x) - randn(new long[] { 16, 16 }, generator: generator)).pow(2).mean();
            optimizer.zero_grad();
            loss.backward();
            var denseGradient = layer.Weight.grad!.abs().clone();
            var before = layer.Mask.clone();
            if (scheduler.StepOptimizer(optimizer) is not { } round)
                continue;
            // Every surely-regrown link (new and not present before) has a gradient at least as large as every
            // position that is still a non-link: all of those were candidates.
            var newLinks = layer.Mask.logical_and(before.logical_not());
            Assert.IsTrue(EngineTestKit.Count(newLinks) > 0);
            float weakestGrown = denseGradient.masked_select(newLinks).min().item<float>();
            float strongestLeft = denseGradient.masked_select(layer.Mask.logical_not()).max().item<float>();
            Assert.IsTrue(weakestGrown >= strongestLeft, $"round {round.Round}: grown {weakestGrown} < left {strongestLeft}");
            checkedRounds++;
        }
        Assert.AreEqual(4, checkedRounds, "rounds after steps 3, 6, 9, 12 (T_end = 15)");
    }
}
