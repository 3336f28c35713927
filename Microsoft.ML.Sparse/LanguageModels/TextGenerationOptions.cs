// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;

namespace Microsoft.ML.Sparse;

/// <summary>Settings of <see cref="SparseLanguageModelTransformer.Generate(string, TextGenerationOptions?)"/>.</summary>
public sealed class TextGenerationOptions
{
    /// <summary>Greedy or sampling. Default <see cref="TextGenerationStrategy.Sampling"/>.</summary>
    public TextGenerationStrategy Strategy = TextGenerationStrategy.Sampling;

    /// <summary>Most subwords generated after the prompt (generation also stops at the end-of-text token), ≥ 1. Default 40.</summary>
    public int MaxNewTokens = 40;

    /// <summary>Sampling temperature &gt; 0: below 1 sharper, above 1 flatter than the model's distribution. Default 0.8.</summary>
    public double Temperature = 0.8;

    /// <summary>Sample among the k most probable subwords; 0 for all of them. Default 40.</summary>
    public int TopK = 40;

    /// <summary>Seed of the sampling draws: the same seed, prompt and model give the same text. Default 0.</summary>
    public int Seed;

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Strategy))
            throw new ArgumentOutOfRangeException(nameof(Strategy), Strategy, $"Unknown strategy; valid: {string.Join(", ", Enum.GetNames<TextGenerationStrategy>())}.");
        if (MaxNewTokens < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxNewTokens), MaxNewTokens, "MaxNewTokens must be at least 1.");
        if (!(Temperature > 0) || !double.IsFinite(Temperature))
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature,
                $"Temperature = {Temperature.ToString(CultureInfo.InvariantCulture)} is invalid: it must be a finite number > 0 (use Strategy = Greedy for the most probable text).");
        if (TopK < 0)
            throw new ArgumentOutOfRangeException(nameof(TopK), TopK, "TopK must be ≥ 0 (0 samples among all subwords).");
    }
}
