// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.Datasets;

/// <summary>One verse in two languages.</summary>
/// <param name="Chapter">OSIS chapter id, e.g. <c>Gen.1</c>.</param>
/// <param name="Verse">Verse number within the chapter (1-based).</param>
/// <param name="Source">The verse in the source language.</param>
/// <param name="Target">The verse in the target language.</param>
public sealed record VersePair(string Chapter, int Verse, string Source, string Target);

/// <summary>Which Bible is the source of <see cref="BibleVersePairs"/>.</summary>
public enum BibleDirection
{
    /// <summary>English (KJV) source, Spanish (Reina-Valera 1909) target.</summary>
    EnglishToSpanish,

    /// <summary>Spanish source, English target.</summary>
    SpanishToEnglish,
}
