// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core.LinkPrediction;
using Microsoft.ML.Sparse.Engine.Csr;
using Microsoft.ML.Sparse.Engine.Csr.Topology;
using Microsoft.ML.Sparse.Engine.Torch.LinkPrediction;
using Microsoft.ML.Sparse.Engine.Torch.Regrowth;

namespace Microsoft.ML.Sparse.Tests.Engine.Csr;

/// <summary>
/// The managed soft regrowth draws new links with the same probabilities as the TorchSharp reference (Gumbel-top-k on
/// the CH2-L3n scores), also when positive scores run out and ε is added to every non-link (the managed engine samples
/// that case as an exponential race without listing the zero-score positions).
/// </summary>
[TestClass]
public sealed class CsrRegrowthDistributionTests
{
    [TestMethod]
    [DataRow(4, 0.3, false)]    // fewer than the positive-score candidates
    [DataRow(10, 0.12, true)]   // more: the ε rule draws zero-score positions too
    public void SoftRegrowthFrequenciesMatchTheTorchReference(int grow, double density, bool epsilonRule)
    {
        EngineTestKit.Load();
        var random = new Random(8);
        var layer = ManagedTestKit.RandomLayer("l", 7, 9, density, random);
        var pattern = layer.Pattern;
        int positions = 7 * 9;
        int positive = CsrChLinkPredictor.Score(pattern, LinkPredictor.CH2L3n, 1).Count;
        Assert.AreEqual(epsilonRule, grow > positive, $"{positive} positive-score candidates: the case is the one named");
        const int trials = 3000;
        var managed = new double[positions];
        for (int t = 0; t < trials; t++)
            foreach (long f in CsrLinkRegrowth.Choose(pattern, grow, LinkPredictor.CH2L3n, RegrowthSelection.Soft, null, 1, new SplitMixRandom(t), out _))
                managed[f] += 1.0 / trials;

        var reference = new double[positions];
        using var scope = NewDisposeScope();
        var mask = tensor(ManagedTestKit.Mask(pattern), new long[] { 7, 9 });
        var scores = ChLinkPredictor.Score(mask, LinkPredictor.CH2L3n);
        using var generator = new Generator(5);
        for (int t = 0; t < trials; t++)
        {
            using var inner = NewDisposeScope();
            var grown = LinkRegrowth.Grow(mask, scores, grow, RegrowthSelection.Soft, generator).logical_and(mask.logical_not());
            var flat = grown.reshape(-1).data<bool>().ToArray();
            for (int f = 0; f < positions; f++)
                if (flat[f])
                    reference[f] += 1.0 / trials;
        }
        var links = ManagedTestKit.Mask(pattern);
        for (int f = 0; f < positions; f++)
        {
            if (links[f])
                Assert.AreEqual(0, managed[f], $"position {f} is a link");
            else
                Assert.AreEqual(reference[f], managed[f], 0.045, $"position {f}: managed {managed[f]:F3}, torch {reference[f]:F3}");
        }
        Assert.AreEqual(grow, managed.Sum(), 1e-9);
    }
}
