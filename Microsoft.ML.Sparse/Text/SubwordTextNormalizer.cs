// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Text;
using Microsoft.ML.Tokenizers;

namespace Microsoft.ML.Sparse.Text;

/// <summary>
/// Normaliser of <see cref="SubwordText"/>: optional lower-casing, control characters dropped, every run of
/// whitespace (and any ▁ already in the text) becomes one ▁, text starts with ▁ unless empty, no trailing marker.
/// </summary>
internal sealed class SubwordTextNormalizer : Normalizer
{
    /// <summary>Creates the normaliser.</summary>
    /// <param name="lowerCase">Lower-case the text (invariant culture) first.</param>
    public SubwordTextNormalizer(bool lowerCase) => LowerCase = lowerCase;

    /// <summary>Whether text is lower-cased.</summary>
    public bool LowerCase { get; }

    /// <inheritdoc/>
    public override string Normalize(string original) => Normalize(original.AsSpan());

    /// <inheritdoc/>
    public override string Normalize(ReadOnlySpan<char> original)
    {
        var sb = new StringBuilder(original.Length + 1);
        bool pendingSpace = true;
        foreach (char raw in original)
        {
            if (char.IsWhiteSpace(raw) || raw == SubwordText.SpaceMarker)
            {
                pendingSpace = true;
                continue;
            }
            if (char.IsControl(raw))
                continue;
            if (pendingSpace)
            {
                sb.Append(SubwordText.SpaceMarker);
                pendingSpace = false;
            }
            sb.Append(LowerCase ? char.ToLowerInvariant(raw) : raw);
        }
        return sb.ToString();
    }
}
