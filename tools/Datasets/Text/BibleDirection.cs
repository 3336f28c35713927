// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.Datasets;

/// <summary>Which Bible is the source of <see cref="BibleVersePairs"/>.</summary>
public enum BibleDirection
{
    /// <summary>English (KJV) source, Spanish (Reina-Valera 1909) target.</summary>
    EnglishToSpanish,

    /// <summary>Spanish source, English target.</summary>
    SpanishToEnglish,
}
