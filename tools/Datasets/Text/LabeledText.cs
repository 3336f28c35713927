// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.Datasets;

/// <summary>One text-classification example read from a real corpus.</summary>
/// <param name="Text">The text (already cleaned as the reader's options say).</param>
/// <param name="Label">The class label, e.g. "ham"/"spam" or a Brown genre such as "news".</param>
/// <param name="Source">Where it came from, e.g. "spam-2/00001.317e..." or "ca01" or "ca01#2" for a chunk.</param>
public sealed record LabeledText(string Text, string Label, string Source);
