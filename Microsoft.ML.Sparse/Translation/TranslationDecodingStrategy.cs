// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse;

/// <summary>How a <see cref="SparseTranslationTransformer"/> generates the translation of a sentence.</summary>
public enum TranslationDecodingStrategy
{
    /// <summary>Appends the most probable next subword at every step (fast; sentences of a batch are decoded together).</summary>
    Greedy,

    /// <summary>
    /// Beam search with <c>SparseTranslationOptions.BeamSize</c> hypotheses per sentence, ranked at the end by the
    /// GNMT length-normalised log-probability (<c>SparseTranslationOptions.LengthPenalty</c>). Slower than greedy
    /// by roughly the beam size, usually a little better.
    /// </summary>
    BeamSearch,
}
