// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse;

/// <summary>
/// Options of the sparse sequence-to-sequence translation trainer
/// (<c>mlContext.Transforms.Text.SparseTranslation(...)</c>): the text columns, the decoder, vocabulary sharing and
/// how translations are decoded, on top of the Transformer settings of <see cref="SparseTransformerOptionsBase"/>
/// (paper defaults: Adam β₂ 0.998, iterative noam with a 20-step warm restart after each topology round, label
/// smoothing 0.1, dropout 0.1, topology rounds every 100 steps, CHTss from 50% down to 10% density).
/// </summary>
/// <remarks>
/// Defaults changed from the base for translation on small CPU runs (the paper trains d_model 512 for many thousands
/// of GPU steps):
/// <list type="bullet">
/// <item><see cref="SparseTransformerOptionsBase.LowerCase"/> is false: a translator must keep the case of its output
/// (German nouns are capitalised), and BLEU is case-sensitive.</item>
/// <item><see cref="SparseTrainerOptionsBase.LearningRate"/> (the noam factor) is 0.5 instead of 2: the paper's factor
/// belongs to d_model 512 with thousands of warm-up steps (peak ≈ 1e-3); with d_model 128 and 400 warm-up steps
/// factor 2 peaks at 8.8e-3. On the Ding EN-DE pairs (d_model 64) factor 1 (peak 5.8e-3) trained clearly worse than
/// 0.5 (peak 2.9e-3); 0.5 peaks at 2.2e-3 with the default d_model 128.</item>
/// <item><see cref="SparseTrainerOptionsBase.BatchSize"/> is 64 sentence pairs: short sentences (the Ding pairs
/// average 15 subwords) make 32-pair batches too small to use the CPU well.</item>
/// </list>
/// <see cref="SparseTrainerOptionsBase.LabelColumnName"/> is not used: the targets are read from
/// <see cref="TargetColumnName"/>. The validation accuracy reported during training is the token accuracy of the
/// teacher-forced next-token predictions.
/// </remarks>
public sealed class SparseTranslationOptions : SparseTransformerOptionsBase
{
    /// <summary>Sets the translation defaults (see the remarks).</summary>
    public SparseTranslationOptions()
    {
        LowerCase = false;
        LearningRate = 0.5;
        BatchSize = 64;
    }

    /// <summary>Column with the sentence to translate, of type Text. Default "Source".</summary>
    public string SourceColumnName = DefaultColumnNames.Source;

    /// <summary>Column with the reference translation (training only), of type Text. Default "Target".</summary>
    public string TargetColumnName = DefaultColumnNames.Target;

    /// <summary>Column the transformer adds with the predicted translation, of type Text. Default "PredictedTarget".</summary>
    public string OutputColumnName = DefaultColumnNames.PredictedTarget;

    /// <summary>Decoder layers, ≥ 1. Default 2.</summary>
    public int DecoderLayers = 2;

    /// <summary>
    /// Learn one subword vocabulary from the source and target texts together (true, default; the usual choice for
    /// related languages such as English and German) or one per language (false; each of
    /// <see cref="SparseTransformerOptionsBase.VocabularySize"/>).
    /// </summary>
    public bool ShareVocabulary = true;

    /// <summary>Use one embedding table for source and target (needs <see cref="ShareVocabulary"/>). Default true.</summary>
    public bool ShareEmbeddings = true;

    /// <summary>Rows whose source or target text is empty or whitespace: skip them (true, default; the number skipped
    /// is logged) or fail with an error naming the first such row (false).</summary>
    public bool SkipEmptyPairs = true;

    /// <summary>Decoding strategy of the trained transformer. Default <see cref="TranslationDecodingStrategy.Greedy"/>.</summary>
    public TranslationDecodingStrategy Decoding = TranslationDecodingStrategy.Greedy;

    /// <summary>Beam width of <see cref="TranslationDecodingStrategy.BeamSearch"/>, ≥ 1. Default 4.</summary>
    public int BeamSize = 4;

    /// <summary>
    /// Beam search: GNMT length penalty α ≥ 0; hypotheses are ranked by log P / ((5 + length) / 6)^α, so larger
    /// values favour longer translations; 0 ranks by raw log-probability. Default 0.6.
    /// </summary>
    public double LengthPenalty = 0.6;

    /// <summary>
    /// Most subword tokens generated per sentence (the end-of-sentence token included), in
    /// [1, <see cref="SparseTransformerOptionsBase.MaxTokens"/> − 1]. Null (default): 2 × the source's length + 10,
    /// at most MaxTokens − 1, so that a sentence that never ends stops early.
    /// </summary>
    public int? MaxOutputTokens;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        if (string.IsNullOrWhiteSpace(SourceColumnName))
            throw new ArgumentException("SourceColumnName must name a column.", nameof(SourceColumnName));
        if (string.IsNullOrWhiteSpace(TargetColumnName))
            throw new ArgumentException("TargetColumnName must name a column.", nameof(TargetColumnName));
        if (string.IsNullOrWhiteSpace(OutputColumnName))
            throw new ArgumentException("OutputColumnName must name a column.", nameof(OutputColumnName));
        if (SourceColumnName == TargetColumnName)
            throw new ArgumentException($"SourceColumnName and TargetColumnName are both '{SourceColumnName}'; they must be different columns.", nameof(TargetColumnName));
        if (DecoderLayers < 1)
            throw new ArgumentOutOfRangeException(nameof(DecoderLayers), DecoderLayers, "DecoderLayers must be at least 1.");
        if (ShareEmbeddings && !ShareVocabulary)
            throw new ArgumentException("ShareEmbeddings needs ShareVocabulary: one embedding table needs one vocabulary.", nameof(ShareEmbeddings));
        if (!Enum.IsDefined(Decoding))
            throw new ArgumentOutOfRangeException(nameof(Decoding), Decoding, $"Unknown decoding strategy; valid: {string.Join(", ", Enum.GetNames<TranslationDecodingStrategy>())}.");
        if (BeamSize < 1)
            throw new ArgumentOutOfRangeException(nameof(BeamSize), BeamSize, "BeamSize must be at least 1.");
        if (!double.IsFinite(LengthPenalty) || LengthPenalty < 0)
            throw new ArgumentOutOfRangeException(nameof(LengthPenalty), LengthPenalty,
                $"LengthPenalty = {LengthPenalty.ToString(CultureInfo.InvariantCulture)} is invalid: it must be a finite number ≥ 0.");
        if (MaxOutputTokens is { } max && (max < 1 || max > MaxTokens - 1))
            throw new ArgumentOutOfRangeException(nameof(MaxOutputTokens), max, $"MaxOutputTokens must be in [1, MaxTokens − 1 = {MaxTokens - 1}], or null for 2 × source length + 10.");
    }

    /// <summary>A copy (the topology options are copied too; the validation set, progress and token are shared).</summary>
    internal override SparseTranslationOptions Copy() => (SparseTranslationOptions)base.Copy();
}
