// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Text;

/// <summary>Corpus BLEU and the statistics it is computed from (see <see cref="BleuScore"/>).</summary>
public sealed class BleuResult
{
    internal BleuResult(int maxOrder, long[] matched, long[] total, long hypothesisLength, long referenceLength)
    {
        MaxOrder = maxOrder;
        MatchedNgrams = matched;
        TotalNgrams = total;
        HypothesisLength = hypothesisLength;
        ReferenceLength = referenceLength;
        var precisions = new double[maxOrder];
        for (int n = 0; n < maxOrder; n++)
            precisions[n] = total[n] == 0 ? 0.0 : (double)matched[n] / total[n];
        Precisions = precisions;
        LengthRatio = referenceLength == 0 ? 0.0 : (double)hypothesisLength / referenceLength;
        BrevityPenalty = hypothesisLength == 0 ? 0.0
            : hypothesisLength > referenceLength ? 1.0
            : Math.Exp(1.0 - (double)referenceLength / hypothesisLength);
        if (precisions.Any(p => p == 0.0))
        {
            Score = 0.0;
        }
        else
        {
            double logMean = precisions.Sum(Math.Log) / maxOrder;
            Score = 100.0 * BrevityPenalty * Math.Exp(logMean);
        }
    }

    /// <summary>BLEU on a 0..100 scale: 100 · BP · exp(mean over n of log pₙ); 0 when any pₙ is 0.</summary>
    public double Score { get; }

    /// <summary>Largest n-gram order used (4 for standard BLEU).</summary>
    public int MaxOrder { get; }

    /// <summary>Modified n-gram precisions p₁..p_N: clipped matches divided by hypothesis n-grams (0 when there are none).</summary>
    public IReadOnlyList<double> Precisions { get; }

    /// <summary>Clipped n-gram matches per order, summed over the corpus.</summary>
    public IReadOnlyList<long> MatchedNgrams { get; }

    /// <summary>Hypothesis n-grams per order, summed over the corpus.</summary>
    public IReadOnlyList<long> TotalNgrams { get; }

    /// <summary>Brevity penalty: 1 when c &gt; r, else exp(1 − r/c); 0 when the hypotheses are empty.</summary>
    public double BrevityPenalty { get; }

    /// <summary>Total hypothesis length c in tokens.</summary>
    public long HypothesisLength { get; }

    /// <summary>Effective reference length r: per sentence the reference length closest to the hypothesis (ties: the shorter), summed.</summary>
    public long ReferenceLength { get; }

    /// <summary>c / r.</summary>
    public double LengthRatio { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"BLEU = {Score:F2} {string.Join("/", Precisions.Select(p => (100 * p).ToString("F1")))} (BP = {BrevityPenalty:F3}, ratio = {LengthRatio:F3}, hyp_len = {HypothesisLength}, ref_len = {ReferenceLength})";
}
