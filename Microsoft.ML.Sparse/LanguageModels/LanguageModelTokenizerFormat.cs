// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.LanguageModels;

/// <summary>The file formats a <see cref="LanguageModelTokenizer"/> is built from (the byte written in the model zip).</summary>
internal enum LanguageModelTokenizerFormat : byte
{
    /// <summary>GPT-2 byte-level BPE: vocab.json and merges.txt.</summary>
    Gpt2 = 1,

    /// <summary>A SentencePiece model (tokenizer.model of LLaMA, Mistral, T5 and others), BPE or unigram.</summary>
    SentencePiece = 2,
}
