// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

/// <summary>One verse pair: the English verse (Source) and its Spanish reference translation (Target).</summary>
internal class VerseRow
{
    /// <summary>The English (King James) verse.</summary>
    public string Source { get; set; } = "";

    /// <summary>The Spanish (Reina-Valera 1909) verse.</summary>
    public string Target { get; set; } = "";
}
