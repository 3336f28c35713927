// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Torch.Sampling;

namespace Microsoft.ML.Sparse.Tests.Engine;

[TestClass]
public sealed class GumbelTopKTests
{
    [TestMethod]
    public void SingleDrawFrequenciesAreProportionalToTheWeightsAndZeroIsNeverChosen()
    {
        EngineTestKit.Load();
        using var generator = new Generator(123);
        var weights = new float[] { 0, 1, 2, 4, 8 };
        using var logWeights = tensor(weights).log();
        var counts = new int[5];
        const int draws = 6000;
        for (int i = 0; i < draws; i++)
        {
            using var chosen = GumbelTopK.Sample(logWeights, 1, generator);
            counts[chosen.item<long>()]++;
        }
        Assert.AreEqual(0, counts[0], "weight 0 is never chosen");
        for (int i = 1; i < 5; i++)
            Assert.AreEqual(weights[i] / 15.0, counts[i] / (double)draws, 0.025, $"frequency of item {i}");
        Assert.IsTrue(counts[1] < counts[2] && counts[2] < counts[3] && counts[3] < counts[4]);
    }

    [TestMethod]
    public void DrawsWithoutReplacementAreDistinctAndSkipZeroWeights()
    {
        EngineTestKit.Load();
        using var generator = new Generator(5);
        using var logWeights = tensor(new float[] { 1, 0, 3, 0, 2, 5, 0, 1 }).log();
        var inclusion = new int[8];
        for (int i = 0; i < 2000; i++)
        {
            using var chosen = GumbelTopK.Sample(logWeights, 4, generator);
            var indices = chosen.data<long>().ToArray();
            Assert.AreEqual(4, indices.Distinct().Count());
            foreach (var index in indices)
                inclusion[index]++;
        }
        Assert.AreEqual(0, inclusion[1] + inclusion[3] + inclusion[6], "zero weights never chosen while enough positive ones exist");
        Assert.AreEqual(2000, inclusion[5], 60, "the heaviest item is almost always included");
        Assert.IsTrue(inclusion[2] > inclusion[4] && inclusion[4] > inclusion[0], string.Join(",", inclusion));
    }

    [TestMethod]
    public void SameSeedGivesTheSameDraws()
    {
        EngineTestKit.Load();
        using var weights = arange(1, 200, dtype: ScalarType.Float32).log();
        using var g1 = new Generator(99);
        using var g2 = new Generator(99);
        using var a = GumbelTopK.Sample(weights, 30, g1);
        using var b = GumbelTopK.Sample(weights, 30, g2);
        CollectionAssert.AreEqual(a.data<long>().ToArray(), b.data<long>().ToArray());
    }
}
