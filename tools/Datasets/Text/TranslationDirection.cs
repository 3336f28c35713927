// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.Datasets;

/// <summary>Which side of a bilingual dictionary is the source.</summary>
public enum TranslationDirection
{
    /// <summary>English source, German target (the paper's en-de direction).</summary>
    EnglishToGerman,

    /// <summary>German source, English target.</summary>
    GermanToEnglish,
}
