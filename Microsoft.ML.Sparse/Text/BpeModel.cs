// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Text;

/// <summary>A trained byte-pair-encoding model: the vocabulary in id order and the merges in rank order.</summary>
/// <param name="Tokens">Token strings; index = id. Starts with <see cref="SubwordSpecialTokens.All"/>, then the
/// single-character alphabet, then merge results in the order they were learnt.</param>
/// <param name="Merges">Merges as (left id, right id), rank = index. The merged token is Tokens[left] + Tokens[right].</param>
/// <param name="LowerCase">Whether text is lower-cased before encoding.</param>
internal sealed record BpeModel(IReadOnlyList<string> Tokens, IReadOnlyList<(int Left, int Right)> Merges, bool LowerCase);
