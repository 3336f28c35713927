// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Net;
using System.Text.RegularExpressions;

namespace Microsoft.ML.Sparse.Samples.Datasets;

/// <summary>
/// English-Spanish verse pairs from two public-domain Bibles with the same (KJV) versification: the King James
/// Version (Debian package sword-text-kjv) and the Reina-Valera 1909 (sword-text-sparv), installed by build/setup
/// under <c>/usr/share/sword</c>. About 31,100 pairs.
/// </summary>
/// <remarks>
/// Verses are paired by their slot in the versification (<see cref="SwordZText"/>); book and chapter come from the
/// OSIS book and chapter headings. Cleaning: notes and titles are dropped with their text, every other tag (Strong's
/// <c>w</c> elements, <c>transChange</c>, milestones) is removed keeping its text, entities are decoded and whitespace
/// collapsed; paragraph marks (¶) are dropped. A pair is kept when both sides are non-empty and its English verse has not
/// occurred before (formulas such as "And the LORD spake unto Moses, saying," repeat), so that no verse appears twice
/// and none leaks between training and test.
/// </remarks>
public static partial class BibleVersePairs
{
    /// <summary>Where Debian installs SWORD text modules.</summary>
    public const string ModulesDirectory = "/usr/share/sword/modules/texts/ztext";

    /// <summary>Reads every verse pair in canonical order.</summary>
    /// <param name="direction">Which language is the source.</param>
    /// <param name="modulesDirectory">The SWORD ztext folder; default <see cref="ModulesDirectory"/>.</param>
    /// <exception cref="FileNotFoundException">A module is not installed (run build/setup).</exception>
    public static IReadOnlyList<VersePair> Read(BibleDirection direction = BibleDirection.EnglishToSpanish, string? modulesDirectory = null)
    {
        string root = modulesDirectory ?? ModulesDirectory;
        string english = DataPaths.Require(Path.Combine(root, "engKJV2006eb")), spanish = DataPaths.Require(Path.Combine(root, "spaRV1909eb"));
        var pairs = new List<VersePair>(31200);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string testament in new[] { "ot", "nt" })
        {
            var en = SwordZText.ReadTestament(english, testament);
            var es = SwordZText.ReadTestament(spanish, testament);
            if (en.Count != es.Count)
                throw new InvalidDataException($"The two Bibles' {testament} indices differ ({en.Count} and {es.Count} slots): not the same versification.");
            string book = "", chapter = "";
            int verse = 0;
            for (int i = 0; i < en.Count; i++)
            {
                if (BookRegex().Match(en[i]) is { Success: true } b)
                    book = b.Groups[1].Value;
                if (ChapterRegex().Match(en[i]) is { Success: true } c)
                {
                    chapter = c.Groups[1].Value;
                    verse = 0;
                    continue;
                }
                if (chapter.Length == 0 || !chapter.StartsWith(book + ".", StringComparison.Ordinal))
                    continue;
                verse++;
                string source = Clean(en[i]), target = Clean(es[i]);
                if (source.Length == 0 || target.Length == 0 || !seen.Add(source))
                    continue;
                pairs.Add(direction == BibleDirection.EnglishToSpanish
                    ? new VersePair(chapter, verse, source, target)
                    : new VersePair(chapter, verse, target, source));
            }
        }
        return pairs;
    }

    /// <summary>
    /// Reads all pairs and splits them by chapter, so that no test or validation verse shares a chapter with a training
    /// verse: chapters are shuffled with <paramref name="seed"/> and taken into test until it holds at least
    /// <paramref name="testFraction"/> of the verses, then into validation likewise; the rest is training.
    /// </summary>
    public static TranslationSplit ReadSplit(int seed = 1, double validationFraction = 0.02, double testFraction = 0.05,
                                             BibleDirection direction = BibleDirection.EnglishToSpanish, string? modulesDirectory = null)
        => Split(Read(direction, modulesDirectory), seed, validationFraction, testFraction);

    /// <summary>Splits <paramref name="pairs"/> by chapter as <see cref="ReadSplit"/> describes.</summary>
    public static TranslationSplit Split(IReadOnlyList<VersePair> pairs, int seed, double validationFraction, double testFraction)
    {
        if (!(validationFraction >= 0 && testFraction > 0 && validationFraction + testFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(testFraction), "The validation and test fractions must be non-negative and sum to less than 1.");
        var chapters = pairs.Select(p => p.Chapter).Distinct().OrderBy(c => c, StringComparer.Ordinal).ToArray();
        new Random(seed).Shuffle(chapters);
        var byChapter = pairs.GroupBy(p => p.Chapter).ToDictionary(g => g.Key, g => g.ToList());
        List<SentencePair> test = [], validation = [], train = [];
        foreach (string chapter in chapters)
        {
            var target = test.Count < testFraction * pairs.Count ? test
                : validation.Count < validationFraction * pairs.Count ? validation : train;
            target.AddRange(byChapter[chapter].Select(p => new SentencePair(p.Source, p.Target)));
        }
        return new TranslationSplit(train, validation, test);
    }

    /// <summary>The verse text without markup (see the class remarks).</summary>
    internal static string Clean(string osis)
    {
        string s = DroppedElementsRegex().Replace(osis, " ").Replace('\u00B6', ' ');
        s = TagRegex().Replace(s, "");
        s = WebUtility.HtmlDecode(s);
        s = WhitespaceRegex().Replace(s, " ").Trim();
        return SpaceBeforePunctuationRegex().Replace(s, "$1");
    }

    [GeneratedRegex("<div [^>]*osisID=\"([^\".]+)\"[^>]*type=\"book\"")]
    private static partial Regex BookRegex();

    [GeneratedRegex("<chapter [^>]*osisID=\"([^\"]+)\"")]
    private static partial Regex ChapterRegex();

    [GeneratedRegex("<(note|title)\\b[^>]*(/>|>.*?</\\1>)", RegexOptions.Singleline)]
    private static partial Regex DroppedElementsRegex();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagRegex();

    [GeneratedRegex("\\s+")]
    private static partial Regex WhitespaceRegex();

    [GeneratedRegex(" ([.,;:!?])")]
    private static partial Regex SpaceBeforePunctuationRegex();
}
