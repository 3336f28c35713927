// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.Datasets;

/// <summary>One parallel sentence pair for translation.</summary>
/// <param name="Source">Sentence in the source language.</param>
/// <param name="Target">Its translation in the target language.</param>
public sealed record SentencePair(string Source, string Target);

/// <summary>Which side of a bilingual dictionary is the source.</summary>
public enum TranslationDirection
{
    /// <summary>English source, German target (the paper's en-de direction).</summary>
    EnglishToGerman,

    /// <summary>German source, English target.</summary>
    GermanToEnglish,
}

/// <summary>A deterministic train / validation / test split of sentence pairs.</summary>
/// <param name="Train">Training pairs.</param>
/// <param name="Validation">Validation pairs (model selection, early stopping).</param>
/// <param name="Test">Held-out test pairs.</param>
public sealed record TranslationSplit(IReadOnlyList<SentencePair> Train, IReadOnlyList<SentencePair> Validation, IReadOnlyList<SentencePair> Test);
