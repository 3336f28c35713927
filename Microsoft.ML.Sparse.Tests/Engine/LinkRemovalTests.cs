// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Torch.Removal;

namespace Microsoft.ML.Sparse.Tests.Engine;

[TestClass]
public sealed class LinkRemovalTests
{
    [TestMethod]
    public void RelativeImportanceMatchesHandComputedValues()
    {
        EngineTestKit.Load();
        using var scope = NewDisposeScope();
        // |W| on links = [[1, 2], [3, -]] ((1,1) is not a link, its weight 9 is ignored).
        // column sums [4, 2], row sums [3, 3]:
        // RI[0,0] = 1/4 + 1/3, RI[0,1] = 2/2 + 2/3, RI[1,0] = 3/4 + 3/3, RI[1,1] = 0 (ε = 1e-5 in the denominators).
        var weight = tensor(new float[] { 1, -2, -3, 9 }, new long[] { 2, 2 });
        var mask = EngineTestKit.Mask(new[,] { { 1, 1 }, { 1, 0 } });
        var ri = LinkRemovalScores.RelativeImportance(weight, mask).data<float>().ToArray();
        var expected = new[] { 1 / 4.0 + 1 / 3.0, 1.0 + 2 / 3.0, 0.75 + 1.0, 0.0 };
        for (int i = 0; i < 4; i++)
            Assert.AreEqual(expected[i], ri[i], 1e-4, $"RI entry {i}");
        CollectionAssert.AreEqual(new float[] { 1, 2, 3, 0 }, LinkRemovalScores.WeightMagnitude(weight, mask).data<float>().ToArray());
    }

    [TestMethod]
    public void HardRemovalKeepsTheLargestScores()
    {
        EngineTestKit.Load();
        using var scope = NewDisposeScope();
        using var generator = new Generator(1);
        var mask = EngineTestKit.Mask(new[,] { { 1, 1, 0 }, { 1, 1, 1 } });
        var scores = tensor(new float[] { 0.5f, 3, 99, 2, 0.1f, 1 }, new long[] { 2, 3 });
        var kept = LinkSelection.Keep(mask, scores, 3, soft: false, temperature: 1, generator);
        EngineTestKit.AssertMaskEqual(new[,] { { 0, 1, 0 }, { 1, 0, 1 } }, kept);
    }

    [TestMethod]
    public void SoftRemovalKeepsExactlyTheRequestedLinksAndPrefersHeavierOnes()
    {
        EngineTestKit.Load();
        using var scope = NewDisposeScope();
        using var generator = new Generator(8);
        // Links at positions 0..4 with |w| = 1, 2, 3, 4, 0 (a zero-weight link); position 5 is not a link.
        var mask = EngineTestKit.Mask(new[,] { { 1, 1, 1, 1, 1, 0 } });
        var scores = tensor(new float[] { 1, 2, 3, 4, 0, 100 }, new long[] { 1, 6 });
        var keptCount = new int[6];
        for (int i = 0; i < 3000; i++)
        {
            using var inner = NewDisposeScope();
            var kept = LinkSelection.Keep(mask, scores, 2, soft: true, temperature: 1, generator);
            Assert.AreEqual(2L, EngineTestKit.Count(kept));
            var row = EngineTestKit.ToArray(kept);
            for (int c = 0; c < 6; c++)
                keptCount[c] += row[0, c];
        }
        Assert.AreEqual(0, keptCount[5], "a non-link is never kept");
        Assert.IsTrue(keptCount[4] < 5, "a zero-weight link is kept only with vanishing probability");
        Assert.IsTrue(keptCount[0] < keptCount[1] && keptCount[1] < keptCount[2] && keptCount[2] < keptCount[3], string.Join(",", keptCount));
    }

    [TestMethod]
    public void SoftRemovalKeepsZeroWeightLinksWhenThereAreNotEnoughOthers()
    {
        EngineTestKit.Load();
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        var mask = EngineTestKit.Mask(new[,] { { 1, 1, 1, 0 } });
        var scores = tensor(new float[] { 0, 0, 5, 7 }, new long[] { 1, 4 });
        var kept = EngineTestKit.ToArray(LinkSelection.Keep(mask, scores, 2, soft: true, temperature: 3, generator));
        Assert.AreEqual(1, kept[0, 2], "the only positive link is kept");
        Assert.AreEqual(0, kept[0, 3], "the non-link is not kept");
        Assert.AreEqual(1, kept[0, 0] + kept[0, 1]);
    }

    [TestMethod]
    public void HigherTemperatureIsMoreDeterministic()
    {
        EngineTestKit.Load();
        using var scope = NewDisposeScope();
        using var generator = new Generator(21);
        var mask = EngineTestKit.Mask(new[,] { { 1, 1 } });
        var scores = tensor(new float[] { 1, 2 }, new long[] { 1, 2 });
        double KeepSmallFrequency(double temperature)
        {
            int small = 0;
            for (int i = 0; i < 3000; i++)
            {
                using var inner = NewDisposeScope();
                small += EngineTestKit.ToArray(LinkSelection.Keep(mask, scores, 1, soft: true, temperature, generator))[0, 0];
            }
            return small / 3000.0;
        }
        // p(keep |w| = 1) = 1 / (1 + 2^T): T=1 -> 1/3, T=3 -> 1/9.
        Assert.AreEqual(1 / 3.0, KeepSmallFrequency(1), 0.03);
        Assert.AreEqual(1 / 9.0, KeepSmallFrequency(3), 0.025);
    }
}
