// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.Datasets;

/// <summary>A deterministic train / validation / test split of sentence pairs.</summary>
/// <param name="Train">Training pairs.</param>
/// <param name="Validation">Validation pairs (model selection, early stopping).</param>
/// <param name="Test">Held-out test pairs.</param>
public sealed record TranslationSplit(IReadOnlyList<SentencePair> Train, IReadOnlyList<SentencePair> Validation, IReadOnlyList<SentencePair> Test);
