// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse;

/// <summary>How likely a language model finds one text.</summary>
/// <param name="LogLikelihood">Σ ln p over the text's predicted subwords (its tokens and the end-of-text token, each
/// given the ones before it and &lt;s&gt;); ≤ 0.</param>
/// <param name="TokenCount">Predicted subwords (the text's tokens + 1 for end-of-text).</param>
public readonly record struct TextLikelihood(double LogLikelihood, int TokenCount)
{
    /// <summary>exp(−LogLikelihood / TokenCount): the model's perplexity on this text (lower is more expected).</summary>
    public double Perplexity => Math.Exp(-LogLikelihood / TokenCount);
}
