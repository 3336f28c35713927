// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Text;
using System.Text.RegularExpressions;

namespace Microsoft.ML.Sparse.Samples.Datasets;

/// <summary>
/// Full-sentence EN-DE pairs from the Ding dictionary (Debian package <c>trans-de-en</c>, file
/// <c>/usr/share/trans/de-en</c>, GPL-2+, installed by build/setup and never committed).
/// </summary>
/// <remarks>
/// <para>Each dictionary line is <c>German :: English</c>; both sides list parallel alternatives separated by
/// <c> | </c> (the i-th German alternative translates the i-th English one) and synonyms separated by <c>; </c>.
/// For every parallel alternative this reader cleans each synonym and keeps the first German and the first English
/// synonym that are full sentences.</para>
/// <para>Cleaning: annotations <c>{f}</c>, <c>[Br.]</c>, <c>(ugs.)</c>, <c>&lt;alt. spelling&gt;</c> are removed; an
/// unspaced word alternative <c>a/b/c</c> becomes its first word <c>a</c>; typographic apostrophes become <c>'</c>;
/// whitespace is collapsed and spaces before <c>. , ! ? ; :</c> are removed.</para>
/// <para>A full sentence: ends with <c>.</c>, <c>!</c> or <c>?</c>; has at least <see cref="MinWords"/> words; starts with
/// an upper-case letter, a digit or a quote; has no remaining <c>/</c> (spaced phrase alternatives), no ellipsis or
/// <c>~</c>, and no dictionary placeholders (<c>sb. sth. jdm. jdn. jds. etw.</c>).</para>
/// <para>A pair whose German or English sentence was already taken is skipped, so no sentence appears twice
/// (and none leaks between train and test). The 2023-01-30 package gives 18,7xx pairs.</para>
/// </remarks>
public static partial class DingSentencePairs
{
    /// <summary>Fewest words a side must have.</summary>
    public const int MinWords = 3;

    /// <summary>Default location of the dictionary file.</summary>
    public static string DefaultPath => DataPaths.DingEnDe;

    /// <summary>Reads all sentence pairs in dictionary order.</summary>
    /// <param name="direction">Which language is the source.</param>
    /// <param name="path">The dictionary file; default <see cref="DefaultPath"/>.</param>
    /// <exception cref="FileNotFoundException">The dictionary is not installed (run build/setup).</exception>
    public static IReadOnlyList<SentencePair> Read(TranslationDirection direction = TranslationDirection.EnglishToGerman, string? path = null)
    {
        string file = DataPaths.Require(path ?? DefaultPath);
        var pairs = new List<SentencePair>(19000);
        var seenGerman = new HashSet<string>(StringComparer.Ordinal);
        var seenEnglish = new HashSet<string>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(file, Encoding.UTF8))
        {
            foreach (var (german, english) in ParseLine(line))
            {
                if (seenGerman.Contains(german) || seenEnglish.Contains(english))
                    continue;
                seenGerman.Add(german);
                seenEnglish.Add(english);
                pairs.Add(direction == TranslationDirection.EnglishToGerman
                    ? new SentencePair(english, german)
                    : new SentencePair(german, english));
            }
        }
        if (pairs.Count == 0)
            throw new InvalidDataException($"No sentence pairs found in '{file}'; is it the Ding 'DE :: EN' dictionary?");
        return pairs;
    }

    /// <summary>
    /// Reads all pairs and splits them by a seeded Fisher-Yates shuffle (System.Random, whose seeded sequence is
    /// stable across .NET versions): the first <paramref name="testCount"/> shuffled pairs are the test set, the next
    /// <paramref name="validationCount"/> the validation set, the rest the training set.
    /// </summary>
    /// <param name="seed">Shuffle seed.</param>
    /// <param name="validationCount">Number of validation pairs.</param>
    /// <param name="testCount">Number of test pairs.</param>
    /// <param name="direction">Which language is the source.</param>
    /// <param name="path">The dictionary file; default <see cref="DefaultPath"/>.</param>
    public static TranslationSplit ReadSplit(int seed = 1, int validationCount = 500, int testCount = 1000,
                                             TranslationDirection direction = TranslationDirection.EnglishToGerman, string? path = null)
        => Split(Read(direction, path), seed, validationCount, testCount);

    /// <summary>Splits <paramref name="pairs"/> as <see cref="ReadSplit"/> describes.</summary>
    public static TranslationSplit Split(IReadOnlyList<SentencePair> pairs, int seed, int validationCount, int testCount)
    {
        if (validationCount < 0 || testCount < 0 || validationCount + testCount >= pairs.Count)
            throw new ArgumentOutOfRangeException(nameof(validationCount),
                $"Validation ({validationCount}) and test ({testCount}) sizes must be non-negative and leave training pairs out of {pairs.Count}.");
        var shuffled = pairs.ToArray();
        var random = new Random(seed);
        for (int i = shuffled.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (shuffled[i], shuffled[j]) = (shuffled[j], shuffled[i]);
        }
        return new TranslationSplit(
            Train: shuffled[(testCount + validationCount)..],
            Validation: shuffled[testCount..(testCount + validationCount)],
            Test: shuffled[..testCount]);
    }

    /// <summary>The (German, English) full-sentence pairs of one dictionary line.</summary>
    internal static IEnumerable<(string German, string English)> ParseLine(string line)
    {
        if (line.Length == 0 || line[0] == '#')
            yield break;
        int separator = line.IndexOf(" :: ", StringComparison.Ordinal);
        if (separator < 0)
            yield break;
        string[] german = line[..separator].Split(" | ");
        string[] english = line[(separator + 4)..].Split(" | ");
        if (german.Length != english.Length)
            yield break;
        for (int i = 0; i < german.Length; i++)
        {
            string? de = FirstSentence(german[i]);
            string? en = de is null ? null : FirstSentence(english[i]);
            if (de is not null && en is not null)
                yield return (de, en);
        }
    }

    private static string? FirstSentence(string alternative)
    {
        foreach (string synonym in alternative.Split("; "))
        {
            string cleaned = Clean(synonym);
            if (IsFullSentence(cleaned))
                return cleaned;
        }
        return null;
    }

    /// <summary>Removes annotations and word alternatives and normalises spacing (see the class remarks).</summary>
    internal static string Clean(string text)
    {
        string s = AnnotationRegex().Replace(text, " ");
        s = s.Replace('\u2019', '\'').Replace('\u2018', '\'');
        s = WordAlternativesRegex().Replace(s, m => m.Groups[1].Value);
        s = WhitespaceRegex().Replace(s, " ").Trim();
        return SpaceBeforePunctuationRegex().Replace(s, "$1");
    }

    /// <summary>Whether a cleaned text counts as a full sentence (see the class remarks).</summary>
    internal static bool IsFullSentence(string s)
    {
        if (s.Length == 0 || s[^1] is not ('.' or '!' or '?'))
            return false;
        if (s.Split(' ').Length < MinWords)
            return false;
        if (s.Contains('/') || s.Contains("...", StringComparison.Ordinal) || s.Contains('\u2026') || s.Contains('~'))
            return false;
        char first = s[0];
        if (!(char.IsUpper(first) || char.IsDigit(first) || first is '"' or '\'' or '\u201E' or '\u201C'))
            return false;
        return !PlaceholderRegex().IsMatch(s);
    }

    [GeneratedRegex(@"\{[^}]*\}|\[[^\]]*\]|\([^)]*\)|<[^>]*>")]
    private static partial Regex AnnotationRegex();

    [GeneratedRegex(@"([\w'-]+)(?:/[\w'-]+)+")]
    private static partial Regex WordAlternativesRegex();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRegex();

    [GeneratedRegex(@"\s+([.,!?;:])")]
    private static partial Regex SpaceBeforePunctuationRegex();

    [GeneratedRegex(@"\b(sb|sth|jdm|jdn|jds|etw|jd)\.", RegexOptions.IgnoreCase)]
    private static partial Regex PlaceholderRegex();
}
