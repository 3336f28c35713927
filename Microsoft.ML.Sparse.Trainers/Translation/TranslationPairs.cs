// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse.Translation;

/// <summary>Source/target sentence pairs read from a data view.</summary>
/// <param name="Sources">Source sentences.</param>
/// <param name="Targets">Their translations.</param>
/// <param name="Skipped">Rows left out because a side was empty or whitespace.</param>
internal sealed record TranslationPairs(string[] Sources, string[] Targets, int Skipped)
{
    public int Count => Sources.Length;
}
