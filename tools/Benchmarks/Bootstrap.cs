// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Text;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// Paired bootstrap resampling of corpus BLEU (Koehn 2004): the same resampled test sentences score both systems,
/// so the interval of their BLEU ratio reflects how much of a difference the test set can resolve.
/// </summary>
internal static class Bootstrap
{
    /// <summary>Median and 95% interval of a ratio, the share of resamples where it reaches the target ratio, and how
    /// many resamples were usable (those where the baseline's BLEU is above 0).</summary>
    public readonly record struct Interval(double Median, double Low, double High, double ShareAtTarget, int Usable);

    /// <summary>
    /// BLEU(candidate) / BLEU(baseline) over <paramref name="resamples"/> resamples of the sentences; resamples in
    /// which the baseline scores 0 have no ratio and are left out (null when none is left).
    /// </summary>
    public static Interval? RatioInterval(IReadOnlyList<string> baseline, IReadOnlyList<string> candidate, IReadOnlyList<string> references,
                                          int resamples, int seed, double target, int maxOrder = BleuScore.DefaultMaxOrder)
    {
        var a = Statistics(baseline, references, maxOrder);
        var b = Statistics(candidate, references, maxOrder);
        var random = new Random(seed);
        var ratios = new List<double>(resamples);
        int n = references.Count;
        for (int r = 0; r < resamples; r++)
        {
            var sample = new int[n];
            for (int i = 0; i < n; i++)
                sample[i] = random.Next(n);
            double bleuA = Sum(a, sample).Score, bleuB = Sum(b, sample).Score;
            if (bleuA > 0)
                ratios.Add(bleuB / bleuA);
        }
        if (ratios.Count == 0)
            return null;
        ratios.Sort();
        double Quantile(double q) => ratios[Math.Clamp((int)Math.Round(q * (ratios.Count - 1)), 0, ratios.Count - 1)];
        return new Interval(Quantile(0.5), Quantile(0.025), Quantile(0.975), ratios.Count(x => x >= target) / (double)ratios.Count, ratios.Count);
    }

    private static BleuResult[] Statistics(IReadOnlyList<string> hypotheses, IReadOnlyList<string> references, int maxOrder) =>
        hypotheses.Select((h, i) => BleuScore.Compute(new[] { h }, new[] { references[i] }, tokenization: BleuTokenization.WhitespaceAndPunctuation, maxOrder: maxOrder)).ToArray();

    private static BleuResult Sum(BleuResult[] sentences, int[] sample)
    {
        int order = sentences[0].MaxOrder;
        var matched = new long[order];
        var total = new long[order];
        long hypothesis = 0, reference = 0;
        foreach (int i in sample)
        {
            var s = sentences[i];
            for (int n = 0; n < order; n++)
            {
                matched[n] += s.MatchedNgrams[n];
                total[n] += s.TotalNgrams[n];
            }
            hypothesis += s.HypothesisLength;
            reference += s.ReferenceLength;
        }
        return new BleuResult(order, matched, total, hypothesis, reference);
    }
}
