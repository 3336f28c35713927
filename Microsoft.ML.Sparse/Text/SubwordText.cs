// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Text;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace Microsoft.ML.Sparse.Text;

/// <summary>
/// The text conventions shared by <see cref="BpeVocabularyTrainer"/> and <see cref="SubwordVocabulary"/>:
/// whitespace becomes the marker ▁ (U+2581) glued to the next piece (SentencePiece style, so decoding restores
/// single spaces exactly), and pieces are runs of letters/digits or single other characters.
/// </summary>
internal static partial class SubwordText
{
    /// <summary>Marks "a space was here" at the start of a piece.</summary>
    public const char SpaceMarker = '\u2581';

    /// <summary>Pre-tokenisation pattern on normalised text: ▁? followed by a letter/digit run, one surrogate pair or one other character.</summary>
    [GeneratedRegex("\u2581?(?:[\\p{L}\\p{M}\\p{N}]+|[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]|[^\\p{L}\\p{M}\\p{N}\u2581])|\u2581")]
    public static partial Regex PieceRegex();

    /// <summary>The pre-tokenizer given to the Microsoft.ML.Tokenizers BPE model.</summary>
    public static PreTokenizer CreatePreTokenizer() => new RegexPreTokenizer(PieceRegex(), specialTokens: null);

    /// <summary>Pieces of already-normalised text, as the pre-tokenizer splits it.</summary>
    public static IEnumerable<string> Pieces(string normalized)
    {
        foreach (Match m in PieceRegex().Matches(normalized))
            yield return m.Value;
    }

    /// <summary>Turns normalised/decoded text back into plain text: markers become spaces, the leading one is dropped.</summary>
    public static string Restore(string text)
    {
        string s = text.Replace(SpaceMarker, ' ');
        return s.StartsWith(' ') ? s[1..] : s;
    }

    /// <summary>Splits a piece into BPE start symbols: single chars, surrogate pairs kept together.</summary>
    public static List<string> Symbols(string piece)
    {
        var symbols = new List<string>(piece.Length);
        for (int i = 0; i < piece.Length; i++)
        {
            if (char.IsHighSurrogate(piece[i]) && i + 1 < piece.Length && char.IsLowSurrogate(piece[i + 1]))
            {
                symbols.Add(piece.Substring(i, 2));
                i++;
            }
            else
            {
                symbols.Add(piece[i].ToString());
            }
        }
        return symbols;
    }
}
