// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.SpamAssassin;

/// <summary>One e-mail as an ML.NET row: the text to classify and its label ("ham" or "spam").</summary>
public sealed class Email
{
    /// <summary>Subject and readable body text.</summary>
    public string Text { get; set; } = "";

    /// <summary>"ham" or "spam" (empty when predicting).</summary>
    public string Label { get; set; } = "";
}
