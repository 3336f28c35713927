// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Text;

/// <summary>
/// The framing every <see cref="ITokenVocabulary"/> shares around its tokenizer: the id budget left for the text once
/// &lt;s&gt; / &lt;/s&gt; are reserved, the marks around the text ids, and the ids a decode keeps (up to the first
/// &lt;/s&gt;, inside the vocabulary, special tokens left out).
/// </summary>
internal static class TokenFraming
{
    /// <summary>Ids left for the text within <paramref name="maxLength"/> (int.MaxValue: no limit).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The marks alone fill <paramref name="maxLength"/>.</exception>
    public static int TextBudget(int maxLength, bool addBegin, bool addEnd)
    {
        int reserved = (addBegin ? 1 : 0) + (addEnd ? 1 : 0);
        if (maxLength <= reserved)
            throw new ArgumentOutOfRangeException(nameof(maxLength), $"maxLength {maxLength} leaves no room for text after {reserved} special token(s).");
        return maxLength == int.MaxValue ? int.MaxValue : maxLength - reserved;
    }

    /// <summary>The text ids with &lt;s&gt; before and &lt;/s&gt; after them when requested.</summary>
    public static int[] Frame(IReadOnlyList<int> textIds, ITokenVocabulary vocabulary, bool addBegin, bool addEnd)
    {
        var ids = new int[textIds.Count + (addBegin ? 1 : 0) + (addEnd ? 1 : 0)];
        int k = 0;
        if (addBegin)
            ids[k++] = vocabulary.BeginId;
        for (int i = 0; i < textIds.Count; i++)
            ids[k++] = textIds[i];
        if (addEnd)
            ids[k] = vocabulary.EndId;
        return ids;
    }

    /// <summary>The ids a decode passes to the tokenizer: those before the first &lt;/s&gt; for which <paramref name="isText"/> holds.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is outside the vocabulary.</exception>
    public static List<int> TextIds(IEnumerable<int> ids, ITokenVocabulary vocabulary, Func<int, bool> isText)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var kept = new List<int>();
        foreach (int id in ids)
        {
            if (id == vocabulary.EndId)
                break;
            if (id < 0 || id >= vocabulary.Size)
                throw new ArgumentOutOfRangeException(nameof(ids), $"Token id {id} is outside the vocabulary (size {vocabulary.Size}).");
            if (isText(id))
                kept.Add(id);
        }
        return kept;
    }
}
