// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Text;
using Microsoft.ML.Sparse.Engine.Networks.Transformer;

namespace Microsoft.ML.Sparse.Translation;

/// <summary>How a translation model decodes (persisted with the model; chosen in <c>SparseTranslationOptions</c>).</summary>
/// <param name="Strategy">Greedy or beam search.</param>
/// <param name="BeamSize">Beam width (beam search only).</param>
/// <param name="LengthPenalty">GNMT α (beam search only).</param>
/// <param name="MaxOutputTokens">Fixed cap on generated tokens, or null for 2 × source length + 10.</param>
internal sealed record TranslationDecodingSettings(TranslationDecodingStrategy Strategy, int BeamSize, double LengthPenalty, int? MaxOutputTokens)
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is out of range for a model of <paramref name="maxTokens"/> tokens.</summary>
    public void Validate(int maxTokens)
    {
        if (!Enum.IsDefined(Strategy))
            throw new ArgumentOutOfRangeException(nameof(Strategy), Strategy, "Unknown decoding strategy.");
        if (BeamSize < 1)
            throw new ArgumentOutOfRangeException(nameof(BeamSize), BeamSize, "The beam size must be at least 1.");
        if (!double.IsFinite(LengthPenalty) || LengthPenalty < 0)
            throw new ArgumentOutOfRangeException(nameof(LengthPenalty), LengthPenalty, "The length penalty must be a finite number ≥ 0.");
        if (MaxOutputTokens is { } max && (max < 1 || max > maxTokens - 1))
            throw new ArgumentOutOfRangeException(nameof(MaxOutputTokens), max, $"MaxOutputTokens must be in [1, {maxTokens - 1}] for this model, or null.");
    }

    /// <summary>The most tokens generated for a source of <paramref name="sourceTokens"/> subwords (&lt;/s&gt; not counted).</summary>
    public int MaxLengthFor(int sourceTokens, int maxTokens) => MaxOutputTokens ?? Math.Min(maxTokens - 1, 2 * sourceTokens + 10);

    /// <summary>The engine's decoding options for one sentence or batch.</summary>
    public DecodingOptions ToEngine(int maxLength) => new()
    {
        MaxLength = maxLength,
        BeamSize = Strategy == TranslationDecodingStrategy.Greedy ? 1 : BeamSize,
        LengthPenaltyAlpha = Strategy == TranslationDecodingStrategy.Greedy ? 0 : LengthPenalty,
        BeginId = SubwordSpecialTokens.BeginId,
        EndId = SubwordSpecialTokens.EndId,
    };
}
