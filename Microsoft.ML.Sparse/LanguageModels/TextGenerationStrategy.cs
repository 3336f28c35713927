// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse;

/// <summary>How <see cref="SparseLanguageModelTransformer.Generate(string, TextGenerationOptions?)"/> picks each next subword.</summary>
public enum TextGenerationStrategy
{
    /// <summary>The most probable next subword (deterministic; the seed is not used).</summary>
    Greedy,

    /// <summary>A draw from softmax(logits / <see cref="TextGenerationOptions.Temperature"/>) over the
    /// <see cref="TextGenerationOptions.TopK"/> most probable subwords, from a generator seeded with <see cref="TextGenerationOptions.Seed"/>.</summary>
    Sampling,
}
