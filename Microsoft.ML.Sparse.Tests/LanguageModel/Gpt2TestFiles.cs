// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Text;
using System.Text.Json;

namespace Microsoft.ML.Sparse.Tests.LanguageModel;

/// <summary>
/// A small GPT-2 byte-level BPE tokenizer written as the two Hugging Face files (vocab.json, merges.txt): the 256 byte
/// tokens in GPT-2's byte-to-character mapping (a space is 'Ġ'), a few merges for frequent English pieces, and
/// &lt;|endoftext|&gt; last, as in GPT-2's own files.
/// </summary>
internal static class Gpt2TestFiles
{
    /// <summary>The merges, in rank order; every result is in the vocabulary.</summary>
    public static readonly string[] Merges =
    {
        "Ġ t", "h e", "Ġt he", "n d", "Ġ a", "Ġa nd", "o d", "Ġ G", "ĠG od", "e r", "i n", "a t", "Ġ w", "Ġw at", "Ġwat er", "t h",
        "e a", "ea r", "ear th", "Ġ earth", "Ġ o", "Ġo f", "i g", "ig h", "igh t", "Ġ l", "Ġl ight",
    };

    /// <summary>Token → id: bytes 0..255, then one token per merge, then &lt;|endoftext|&gt;.</summary>
    public static Dictionary<string, int> Vocabulary()
    {
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (char c in ByteCharacters())
            vocabulary.Add(c.ToString(), vocabulary.Count);
        foreach (string merge in Merges)
            vocabulary.Add(merge.Replace(" ", "", StringComparison.Ordinal), vocabulary.Count);
        vocabulary.Add("<|endoftext|>", vocabulary.Count);
        return vocabulary;
    }

    /// <summary>A tokenizer built from the two files.</summary>
    public static LanguageModelTokenizer Tokenizer() => LanguageModelTokenizer.FromGpt2Files(VocabularyJson(), MergesText());

    public static MemoryStream VocabularyJson() => new(JsonSerializer.SerializeToUtf8Bytes(Vocabulary()));

    public static MemoryStream MergesText() => new(Encoding.UTF8.GetBytes("#version: 0.2\n" + string.Join("\n", Merges) + "\n"));

    /// <summary>GPT-2's bytes_to_unicode, as characters in byte-token order: printable bytes map to themselves, the rest to 256 + n.</summary>
    private static IEnumerable<char> ByteCharacters()
    {
        var printable = Enumerable.Range('!', '~' - '!' + 1).Concat(Enumerable.Range('¡', '¬' - '¡' + 1)).Concat(Enumerable.Range('®', 'ÿ' - '®' + 1)).ToList();
        var set = printable.ToHashSet();
        foreach (int b in printable)
            yield return (char)b;
        int n = 0;
        for (int b = 0; b < 256; b++)
            if (!set.Contains(b))
                yield return (char)(256 + n++);
    }
}
