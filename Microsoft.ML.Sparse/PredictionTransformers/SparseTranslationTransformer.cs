// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Translation;

namespace Microsoft.ML.Sparse;

/// <summary>
/// A trained sparse Transformer translator: adds a Text column (<see cref="OutputColumnName"/>) with the translation of
/// the Text column <see cref="SourceColumnName"/>, decoded greedily or by beam search. Empty or whitespace-only sources
/// translate to empty text. Works in pipelines, in <c>mlContext.Model.CreatePredictionEngine</c> and round-trips through
/// <c>mlContext.Model.Save</c> / <c>Load</c> as this type with identical outputs.
/// </summary>
/// <remarks>
/// Inference runs on the CPU with TorchSharp, one sentence per row (<see cref="Translate(IEnumerable{string})"/>
/// decodes greedy batches of 32 sentences, which is several times faster for many sentences). The network is used by
/// one forward pass at a time, so a transformer may be shared by several PredictionEngines or threads; they then
/// take turns. The transformer holds native TorchSharp tensors that are released when it is garbage-collected.
/// </remarks>
public sealed partial class SparseTranslationTransformer
{
    private readonly Lazy<SparseModelInfo> _info;

    /// <summary>Name of the Text column that is translated.</summary>
    public string SourceColumnName { get; }

    /// <summary>Name of the Text column the translations are written to.</summary>
    public string OutputColumnName { get; }

    /// <summary>Decoding strategy.</summary>
    public TranslationDecodingStrategy Decoding => DecodingSettings.Strategy;

    /// <summary>Beam width (used by <see cref="TranslationDecodingStrategy.BeamSearch"/>).</summary>
    public int BeamSize => DecodingSettings.BeamSize;

    /// <summary>GNMT length penalty α of beam search.</summary>
    public double LengthPenalty => DecodingSettings.LengthPenalty;

    /// <summary>Most tokens generated per sentence, or null for 2 × the source's length + 10 (at most <see cref="MaxTokens"/> − 1).</summary>
    public int? MaxOutputTokens => DecodingSettings.MaxOutputTokens;

    /// <summary>Longest source, in subword tokens (&lt;/s&gt; included); longer sources are cut.</summary>
    public int MaxTokens => Network.MaxTokens;

    /// <summary>Whether source and target share one subword vocabulary.</summary>
    public bool SharesVocabulary => Network.SharesVocabulary;

    /// <summary>Subword tokens of the source vocabulary (special tokens included).</summary>
    public int SourceVocabularySize => Network.SourceVocabulary.Size;

    /// <summary>Subword tokens of the target vocabulary (special tokens included).</summary>
    public int TargetVocabularySize => Network.TargetVocabulary.Size;

    /// <summary>
    /// The sparse layers of the network (every attention q, k, v, o and feed-forward w1, w2 linear layer, in module
    /// order) with their links and density. Hidden neurons count the rows of these layers; active ones have a link.
    /// Embeddings, LayerNorms and the output projection are dense and not listed.
    /// </summary>
    public SparseModelInfo Model => _info.Value;

    /// <summary>The network and vocabularies.</summary>
    internal TranslationModel Network { get; }

    /// <summary>
    /// What the training run that produced this transformer did (per-epoch metrics, topology rounds, times, the options
    /// chosen from the data); null for a transformer loaded from a file (the summary is not saved).
    /// </summary>
    public SparseTrainingSummary? TrainingSummary { get; internal set; }


    /// <summary>How translations are decoded.</summary>
    internal TranslationDecodingSettings DecodingSettings { get; }

    /// <summary>Translates one sentence with this transformer's decoding settings.</summary>
    /// <param name="source">Sentence in the source language.</param>
    /// <returns>The translation (empty for an empty source).</returns>
    public string Translate(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Network.Translate(new[] { source }, DecodingSettings)[0];
    }

    /// <summary>Translates many sentences (greedy search decodes them in batches of 32).</summary>
    /// <param name="sources">Sentences in the source language (none null).</param>
    /// <returns>The translations, in order.</returns>
    public IReadOnlyList<string> Translate(IEnumerable<string> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        return Network.Translate(sources.ToList(), DecodingSettings);
    }

    /// <summary>
    /// A transformer sharing this one's network and columns but decoding differently (the network is not copied).
    /// </summary>
    /// <param name="decoding">Greedy or beam search.</param>
    /// <param name="beamSize">Beam width, ≥ 1 (beam search only).</param>
    /// <param name="lengthPenalty">GNMT length penalty α ≥ 0 (beam search only).</param>
    /// <param name="maxOutputTokens">Most tokens generated per sentence, in [1, <see cref="MaxTokens"/> − 1], or null for 2 × source length + 10.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public SparseTranslationTransformer WithDecoding(TranslationDecodingStrategy decoding, int beamSize = 4, double lengthPenalty = 0.6, int? maxOutputTokens = null)
    {
        var settings = new TranslationDecodingSettings(decoding, beamSize, lengthPenalty, maxOutputTokens);
        settings.Validate(MaxTokens);
        return new SparseTranslationTransformer(Host, Network, settings, SourceColumnName, OutputColumnName) { TrainingSummary = TrainingSummary };
    }
}
