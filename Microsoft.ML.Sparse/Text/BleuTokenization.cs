// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Text;

/// <summary>How <see cref="BleuScore"/> splits sentences into tokens.</summary>
public enum BleuTokenization
{
    /// <summary>Split on whitespace only (the text is assumed to be tokenised already).</summary>
    Whitespace,

    /// <summary>Also make every punctuation or symbol character its own token ("world." becomes "world" ".").</summary>
    WhitespaceAndPunctuation,
}
