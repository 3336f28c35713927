// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Text;

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
