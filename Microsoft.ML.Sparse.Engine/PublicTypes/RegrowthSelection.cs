// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse;

/// <summary>How new links are picked from the link predictor's scores.</summary>
public enum RegrowthSelection
{
    /// <summary>
    /// Sample the new links without replacement with probability proportional to the score (the paper and the
    /// released MLP/Transformer code). Default.
    /// </summary>
    Soft,

    /// <summary>Take the highest-scoring candidates (what the released LLaMA code does).</summary>
    TopK,
}
