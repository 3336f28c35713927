// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Networks.Transformer;

/// <summary>Options of <see cref="TransformerDecoding"/>.</summary>
internal sealed record DecodingOptions
{
    /// <summary>Most tokens generated per sentence, &lt;/s&gt; included (&lt;s&gt; + this must fit the model's max length).</summary>
    public int MaxLength { get; init; } = 64;

    /// <summary>Beam width; 1 = greedy search (beam search with one beam gives the same output as greedy).</summary>
    public int BeamSize { get; init; } = 1;

    /// <summary>GNMT length penalty α: finished hypotheses are ranked by log P / ((5 + |Y|) / 6)^α; 0 = raw log P.</summary>
    public double LengthPenaltyAlpha { get; init; }

    /// <summary>Id of &lt;s&gt;, the first decoder input.</summary>
    public int BeginId { get; init; } = 2;

    /// <summary>Id of &lt;/s&gt;, which ends a hypothesis.</summary>
    public int EndId { get; init; } = 3;

    internal void Validate(TransformerArchitecture architecture)
    {
        if (MaxLength < 1 || MaxLength + 1 > architecture.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(MaxLength), $"MaxLength {MaxLength} must be in [1, {architecture.MaxLength - 1}] (the model's max length minus <s>).");
        if (BeamSize < 1)
            throw new ArgumentOutOfRangeException(nameof(BeamSize), $"BeamSize must be at least 1, got {BeamSize}.");
        if (LengthPenaltyAlpha < 0 || double.IsNaN(LengthPenaltyAlpha))
            throw new ArgumentOutOfRangeException(nameof(LengthPenaltyAlpha), "The length penalty must be non-negative.");
        if (BeginId < 0 || EndId < 0 || BeginId >= architecture.TargetVocabularySize || EndId >= architecture.TargetVocabularySize)
            throw new ArgumentOutOfRangeException(nameof(BeginId), "Begin/end ids must lie in the target vocabulary.");
    }
}
