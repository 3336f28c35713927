// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Text;

/// <summary>A trained byte-pair-encoding model: the vocabulary in id order and the merges in rank order.</summary>
/// <param name="Tokens">Token strings; index = id. Starts with <see cref="SubwordSpecialTokens.All"/>, then the
/// single-character alphabet, then merge results in the order they were learnt.</param>
/// <param name="Merges">Merges as (left id, right id), rank = index. The merged token is Tokens[left] + Tokens[right].</param>
/// <param name="LowerCase">Whether text is lower-cased before encoding.</param>
internal sealed record BpeModel(IReadOnlyList<string> Tokens, IReadOnlyList<(int Left, int Right)> Merges, bool LowerCase);

/// <summary>Options of <see cref="BpeVocabularyTrainer"/>.</summary>
internal sealed record BpeTrainingOptions
{
    /// <summary>Largest vocabulary size, special tokens and alphabet included.</summary>
    public int VocabularySize { get; init; } = 8000;

    /// <summary>Merging stops when the most frequent pair occurs fewer times than this.</summary>
    public int MinPairFrequency { get; init; } = 2;

    /// <summary>Characters seen fewer times than this are left out of the alphabet (they encode as &lt;unk&gt;).</summary>
    public int MinCharacterFrequency { get; init; } = 2;

    /// <summary>Pieces longer than this (in characters) still feed the alphabet but not the merge statistics.</summary>
    public int MaxPieceLength { get; init; } = 48;

    /// <summary>Lower-case all text.</summary>
    public bool LowerCase { get; init; }
}
