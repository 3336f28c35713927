// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Csr;
using Microsoft.ML.Sparse.Engine.Csr.Topology;

namespace Microsoft.ML.Sparse.Tests.Engine.Csr;

/// <summary>
/// One-pass weighted sampling without replacement (A-ExpJ): its inclusion frequencies equal the exact probabilities of
/// successive draws with p ∝ weight (enumerated here), it draws only items with a positive weight, and a seed repeats it.
/// </summary>
[TestClass]
public sealed class WeightedReservoirTests
{
    [TestMethod]
    public void InclusionFrequenciesEqualTheExactProbabilitiesOfSuccessiveDraws()
    {
        var weights = new float[] { 0.5f, 3f, 0f, 1f, 7f, 0.25f, 2f, 1e-3f, 4f, 0f, 1.5f, 6f };
        const int k = 3, trials = 40_000;
        var counts = new double[weights.Length];
        for (int t = 0; t < trials; t++)
            foreach (int i in WeightedReservoir.Sample(weights, k, new SplitMixRandom(t, 7)))
                counts[i]++;
        var exact = ExactInclusion(weights.Select(w => (double)w).ToArray(), k);
        for (int i = 0; i < weights.Length; i++)
        {
            double frequency = counts[i] / trials, sd = Math.Sqrt(exact[i] * (1 - exact[i]) / trials);
            Assert.AreEqual(exact[i], frequency, 5 * sd + 1e-9, $"item {i} (weight {weights[i]})");
        }
        Assert.AreEqual(0, counts[2] + counts[9], "zero weights are never drawn");
    }

    [TestMethod]
    public void DrawsDistinctItemsRepeatablyAndRefusesTooFewPositiveWeights()
    {
        var random = new Random(5);
        var weights = Enumerable.Range(0, 5000).Select(_ => random.NextDouble() < 0.1 ? 0f : (float)(random.NextDouble() * 100)).ToArray();
        var first = WeightedReservoir.Sample(weights, 300, new SplitMixRandom(11));
        var again = WeightedReservoir.Sample(weights, 300, new SplitMixRandom(11));
        CollectionAssert.AreEqual(first, again, "same stream, same sample");
        Assert.AreEqual(300, first.Distinct().Count());
        Assert.IsTrue(first.All(i => weights[i] > 0));
        int positive = weights.Count(w => w > 0);
        CollectionAssert.AreEquivalent(Enumerable.Range(0, weights.Length).Where(i => weights[i] > 0).ToArray(),
            WeightedReservoir.Sample(weights, positive, new SplitMixRandom(3)), "all positive weights when k equals their count");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => WeightedReservoir.Sample(weights, positive + 1, new SplitMixRandom(3)));
        Assert.IsEmpty(WeightedReservoir.Sample(weights, 0, new SplitMixRandom(3)));
    }

    /// <summary>P(item i among the first k successive draws with p ∝ w among the undrawn), by enumerating the draw orders.</summary>
    private static double[] ExactInclusion(double[] w, int k)
    {
        var result = new double[w.Length];
        void Walk(List<int> drawn, double probability)
        {
            if (drawn.Count == k)
            {
                foreach (int i in drawn)
                    result[i] += probability;
                return;
            }
            double rest = Enumerable.Range(0, w.Length).Where(i => !drawn.Contains(i)).Sum(i => w[i]);
            for (int i = 0; i < w.Length; i++)
            {
                if (drawn.Contains(i) || w[i] == 0)
                    continue;
                drawn.Add(i);
                Walk(drawn, probability * w[i] / rest);
                drawn.RemoveAt(drawn.Count - 1);
            }
        }
        Walk(new List<int>(), 1);
        return result;
    }
}
