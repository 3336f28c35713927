// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Torch.Regrowth;

namespace Microsoft.ML.Sparse.Tests.Engine;

[TestClass]
public sealed class LinkRegrowthTests
{
    [TestMethod]
    public void SoftRegrowthAddsExactlyTheRequestedLinksAtPositiveScoredNonLinks()
    {
        EngineTestKit.Load();
        using var scope = NewDisposeScope();
        using var generator = new Generator(4);
        var mask = EngineTestKit.Mask(new[,] { { 1, 0, 0, 0 }, { 0, 1, 0, 0 } });
        var scores = tensor(new float[] { 0, 5, 0, 1, 2, 0, 3, 0 }, new long[] { 2, 4 });
        var counts = new int[8];
        for (int i = 0; i < 2000; i++)
        {
            using var inner = NewDisposeScope();
            var grown = LinkRegrowth.Grow(mask, scores, 2, RegrowthSelection.Soft, generator);
            Assert.AreEqual(4L, EngineTestKit.Count(grown));
            Assert.AreEqual(2L, EngineTestKit.Count(grown.logical_and(mask)), "existing links stay");
            var flat = EngineTestKit.ToArray(grown);
            for (int r = 0; r < 2; r++)
                for (int c = 0; c < 4; c++)
                    counts[r * 4 + c] += flat[r, c];
        }
        Assert.AreEqual(0, counts[2] + counts[7], "zero-score candidates are not grown while enough positive ones exist");
        Assert.IsTrue(counts[1] > counts[6] && counts[6] > counts[4] && counts[4] > counts[3], string.Join(",", counts));
    }

    [TestMethod]
    public void SoftRegrowthAddsEpsilonWhenPositiveScoresRunOut()
    {
        EngineTestKit.Load();
        using var scope = NewDisposeScope();
        using var generator = new Generator(6);
        var mask = EngineTestKit.Mask(new[,] { { 1, 0, 0, 0, 0, 0 } });
        var scores = tensor(new float[] { 0, 4, 0, 0, 0, 0 }, new long[] { 1, 6 });
        var grown = EngineTestKit.ToArray(LinkRegrowth.Grow(mask, scores, 3, RegrowthSelection.Soft, generator));
        Assert.AreEqual(4, Enumerable.Range(0, 6).Sum(c => grown[0, c]), "target reached although only one score is positive");
        Assert.AreEqual(1, grown[0, 1], "the positive candidate is taken");
    }

    [TestMethod]
    public void TopKRegrowthTakesTheBestScoresAndBreaksZeroTiesRandomly()
    {
        EngineTestKit.Load();
        using var scope = NewDisposeScope();
        using var generator = new Generator(2);
        var mask = EngineTestKit.Mask(new[,] { { 1, 0, 0, 0, 0, 0, 0, 0 } });
        var scores = tensor(new float[] { 0, 0.5f, 3, 0, 0, 2, 0, 0 }, new long[] { 1, 8 });
        var best = EngineTestKit.ToArray(LinkRegrowth.Grow(mask, scores, 2, RegrowthSelection.TopK, generator));
        EngineTestKit.AssertMaskEqual(new[,] { { 1, 0, 1, 0, 0, 1, 0, 0 } }, tensor(best.Cast<int>().Select(v => v != 0).ToArray(), new long[] { 1, 8 }));
        var zeroPicks = new HashSet<int>();
        for (int i = 0; i < 50; i++)
        {
            using var inner = NewDisposeScope();
            var grown = EngineTestKit.ToArray(LinkRegrowth.Grow(mask, scores, 4, RegrowthSelection.TopK, generator));
            Assert.AreEqual(1, grown[0, 1] & grown[0, 2] & grown[0, 5], "all positive candidates first");
            for (int c = 0; c < 8; c++)
                if (grown[0, c] == 1 && c is 3 or 4 or 6 or 7)
                    zeroPicks.Add(c);
        }
        Assert.IsTrue(zeroPicks.Count >= 3, "ties among zero scores are broken at random");
    }

    [TestMethod]
    public void GrowingMoreThanTheFreePositionsThrows()
    {
        EngineTestKit.Load();
        using var scope = NewDisposeScope();
        using var generator = new Generator(1);
        var mask = EngineTestKit.Mask(new[,] { { 1, 0 } });
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => LinkRegrowth.Grow(mask, zeros(1, 2), 2, RegrowthSelection.Soft, generator));
    }
}
