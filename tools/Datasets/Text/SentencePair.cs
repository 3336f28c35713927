// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.Datasets;

/// <summary>One parallel sentence pair for translation.</summary>
/// <param name="Source">Sentence in the source language.</param>
/// <param name="Target">Its translation in the target language.</param>
public sealed record SentencePair(string Source, string Target);
