// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.Datasets;

/// <summary>One verse in two languages.</summary>
/// <param name="Chapter">OSIS chapter id, e.g. <c>Gen.1</c>.</param>
/// <param name="Verse">Verse number within the chapter (1-based).</param>
/// <param name="Source">The verse in the source language.</param>
/// <param name="Target">The verse in the target language.</param>
public sealed record VersePair(string Chapter, int Verse, string Source, string Target);
