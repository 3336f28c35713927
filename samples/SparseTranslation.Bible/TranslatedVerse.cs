// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

/// <summary>A verse pair with the column the translator adds.</summary>
internal sealed class TranslatedVerse : VerseRow
{
    /// <summary>The model's Spanish translation of Source (greedy decoding).</summary>
    public string PredictedTarget { get; set; } = "";
}
