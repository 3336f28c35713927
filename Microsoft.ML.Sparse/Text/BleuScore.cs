// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Text;

namespace Microsoft.ML.Sparse.Text;

/// <summary>
/// Corpus-level BLEU (Papineni et al. 2002): modified n-gram precisions up to 4-grams with counts clipped by the
/// references, their geometric mean, and the brevity penalty on total lengths. ML.NET has no BLEU evaluator.
/// No smoothing: a corpus without any matching n-gram of some order scores 0.
/// </summary>
public static class BleuScore
{
    /// <summary>The standard largest n-gram order.</summary>
    public const int DefaultMaxOrder = 4;

    /// <summary>Corpus BLEU of hypotheses against one reference each.</summary>
    /// <param name="hypotheses">System outputs, one per sentence.</param>
    /// <param name="references">The reference translation of each sentence (same count).</param>
    /// <param name="lowerCase">Compare case-insensitively (invariant lower-casing).</param>
    /// <param name="tokenization">How sentences are split into tokens.</param>
    /// <param name="maxOrder">Largest n-gram order (1..N), default 4.</param>
    /// <exception cref="ArgumentException">Counts differ, the corpus is empty, or maxOrder &lt; 1.</exception>
    public static BleuResult Compute(IReadOnlyList<string> hypotheses, IReadOnlyList<string> references,
                                     bool lowerCase = false, BleuTokenization tokenization = BleuTokenization.Whitespace,
                                     int maxOrder = DefaultMaxOrder)
    {
        ArgumentNullException.ThrowIfNull(references);
        return Compute(hypotheses, references.Select(r => (IReadOnlyList<string>)new[] { r }).ToList(), lowerCase, tokenization, maxOrder);
    }

    /// <summary>Corpus BLEU of hypotheses against one or more references each.</summary>
    /// <param name="hypotheses">System outputs, one per sentence.</param>
    /// <param name="references">For each sentence, its references (at least one).</param>
    /// <param name="lowerCase">Compare case-insensitively (invariant lower-casing).</param>
    /// <param name="tokenization">How sentences are split into tokens.</param>
    /// <param name="maxOrder">Largest n-gram order (1..N), default 4.</param>
    /// <exception cref="ArgumentException">Counts differ, the corpus is empty, a sentence has no reference, or maxOrder &lt; 1.</exception>
    public static BleuResult Compute(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string>> references,
                                     bool lowerCase = false, BleuTokenization tokenization = BleuTokenization.Whitespace,
                                     int maxOrder = DefaultMaxOrder)
    {
        ArgumentNullException.ThrowIfNull(hypotheses);
        ArgumentNullException.ThrowIfNull(references);
        var hyp = hypotheses.Select(h => Tokenize(h ?? throw new ArgumentException("A hypothesis is null.", nameof(hypotheses)), lowerCase, tokenization)).ToList();
        var refs = references.Select(rs => (IReadOnlyList<IReadOnlyList<string>>)(rs ?? throw new ArgumentException("A reference list is null.", nameof(references)))
            .Select(r => Tokenize(r ?? throw new ArgumentException("A reference is null.", nameof(references)), lowerCase, tokenization)).ToList()).ToList();
        return ComputeFromTokens(hyp, refs, maxOrder);
    }

    /// <summary>Corpus BLEU on already tokenised sentences.</summary>
    /// <param name="hypotheses">Tokens of each hypothesis.</param>
    /// <param name="references">For each sentence, the tokens of each of its references.</param>
    /// <param name="maxOrder">Largest n-gram order (1..N), default 4.</param>
    public static BleuResult ComputeFromTokens(IReadOnlyList<IReadOnlyList<string>> hypotheses,
                                               IReadOnlyList<IReadOnlyList<IReadOnlyList<string>>> references,
                                               int maxOrder = DefaultMaxOrder)
    {
        ArgumentNullException.ThrowIfNull(hypotheses);
        ArgumentNullException.ThrowIfNull(references);
        if (maxOrder < 1)
            throw new ArgumentOutOfRangeException(nameof(maxOrder), "The largest n-gram order must be at least 1.");
        if (hypotheses.Count != references.Count)
            throw new ArgumentException($"{hypotheses.Count} hypotheses but {references.Count} reference sets.", nameof(references));
        if (hypotheses.Count == 0)
            throw new ArgumentException("BLEU needs at least one sentence.", nameof(hypotheses));

        var matched = new long[maxOrder];
        var total = new long[maxOrder];
        long hypothesisLength = 0, referenceLength = 0;
        for (int s = 0; s < hypotheses.Count; s++)
        {
            var hyp = hypotheses[s];
            var refs = references[s];
            if (refs is null || refs.Count == 0)
                throw new ArgumentException($"Sentence {s} has no reference.", nameof(references));
            hypothesisLength += hyp.Count;
            referenceLength += ClosestReferenceLength(hyp.Count, refs);
            for (int n = 1; n <= maxOrder; n++)
            {
                var hypCounts = CountNgrams(hyp, n);
                var maxRefCounts = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var reference in refs)
                    foreach (var (gram, count) in CountNgrams(reference, n))
                        if (count > maxRefCounts.GetValueOrDefault(gram))
                            maxRefCounts[gram] = count;
                foreach (var (gram, count) in hypCounts)
                {
                    total[n - 1] += count;
                    matched[n - 1] += Math.Min(count, maxRefCounts.GetValueOrDefault(gram));
                }
            }
        }
        return new BleuResult(maxOrder, matched, total, hypothesisLength, referenceLength);
    }

    /// <summary>Splits a sentence into tokens as <paramref name="tokenization"/> says.</summary>
    public static IReadOnlyList<string> Tokenize(string sentence, bool lowerCase = false, BleuTokenization tokenization = BleuTokenization.Whitespace)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        string text = lowerCase ? sentence.ToLowerInvariant() : sentence;
        if (tokenization == BleuTokenization.WhitespaceAndPunctuation)
        {
            var sb = new StringBuilder(text.Length * 2);
            foreach (char c in text)
            {
                if (char.IsPunctuation(c) || char.IsSymbol(c))
                    sb.Append(' ').Append(c).Append(' ');
                else
                    sb.Append(c);
            }
            text = sb.ToString();
        }
        return text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
    }

    private static int ClosestReferenceLength(int hypothesisLength, IReadOnlyList<IReadOnlyList<string>> references)
    {
        int best = references[0].Count;
        foreach (var reference in references)
        {
            int d = Math.Abs(reference.Count - hypothesisLength), bestD = Math.Abs(best - hypothesisLength);
            if (d < bestD || (d == bestD && reference.Count < best))
                best = reference.Count;
        }
        return best;
    }

    private static Dictionary<string, int> CountNgrams(IReadOnlyList<string> tokens, int n)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i + n <= tokens.Count; i++)
        {
            string gram = n == 1 ? tokens[i] : string.Join('\u0001', tokens.Skip(i).Take(n));
            counts[gram] = counts.GetValueOrDefault(gram) + 1;
        }
        return counts;
    }
}
