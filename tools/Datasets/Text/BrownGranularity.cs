// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.Datasets;

/// <summary>What one example of <see cref="BrownCorpus"/> is.</summary>
public enum BrownGranularity
{
    /// <summary>One example per file (500 documents of about 2,000 words).</summary>
    Document,

    /// <summary>
    /// Consecutive paragraphs of one document joined until they hold at least the requested number of words
    /// (1 gives one example per paragraph).
    /// </summary>
    Paragraphs,
}
