// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse;

/// <summary>A language model's fit to a corpus (<see cref="SparseLanguageModelEvaluator"/>).</summary>
public sealed class LanguageModelMetrics
{
    internal LanguageModelMetrics(double logLikelihood, long tokens, long rows)
    {
        LogLikelihood = logLikelihood;
        Tokens = tokens;
        Rows = rows;
    }

    /// <summary>Σ over rows of the natural-log likelihood.</summary>
    public double LogLikelihood { get; }

    /// <summary>Σ over rows of the predicted subwords.</summary>
    public long Tokens { get; }

    /// <summary>Rows scored.</summary>
    public long Rows { get; }

    /// <summary>Mean negative log-likelihood per subword, in nats (−LogLikelihood / Tokens).</summary>
    public double CrossEntropy => -LogLikelihood / Tokens;

    /// <summary>Corpus perplexity exp(CrossEntropy): pooled over subwords, not averaged over rows.</summary>
    public double Perplexity => Math.Exp(CrossEntropy);
}
