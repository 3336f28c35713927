// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.TextClassification;

namespace Microsoft.ML.Sparse;

/// <summary>
/// Settings shared by the sparse Transformer trainers (text classification and translation): the subword vocabulary
/// and the Transformer's shape, on top of <see cref="SparseTrainerOptionsBase"/>. Every linear layer of the attention
/// and feed-forward blocks is sparse; embeddings, LayerNorms and the classifier/generator stay dense (paper §4.1).
/// The constructor sets the paper's Transformer training defaults: Adam (β₂ 0.998), the iterative noam schedule with a
/// 20-step warm restart after each topology round, label smoothing 0.1, dropout 0.1, topology rounds every 100 steps,
/// CHTss from 50% down to 10% density, Xavier weight initialisation.
/// </summary>
public abstract class SparseTransformerOptionsBase : SparseTrainerOptionsBase
{
    /// <summary>Sets the Transformer defaults (see the class summary).</summary>
    protected SparseTransformerOptionsBase()
    {
        Optimizer = SparseOptimizer.Adam;
        AdamBeta2 = 0.998;
        WeightDecay = 0;
        LearningRateSchedule = LearningRateSchedule.IterativeNoam;
        LearningRate = 2.0;
        NumberOfEpochs = SparseTransformerDefaults.TranslationEpochs;
        WarmupSteps = 400;
        WarmRestartSteps = 20;
        BatchSize = 32;
        Topology = new SparseTopologyOptions
        {
            Method = SparseTransformerDefaults.Method,
            Density = SparseTransformerDefaults.Density,
            InitialDensity = SparseTransformerDefaults.InitialDensity,
            UpdateInterval = 100,
            UpdateIntervalUnit = UpdateIntervalUnit.Steps,
            WeightInitialization = SparseWeightInitialization.Xavier,
        };
    }

    /// <summary>Subword (BPE) vocabulary size learnt from the training text, special tokens included, ≥ 16. Default 4000.</summary>
    public int VocabularySize = 4000;

    /// <summary>Whether text is lower-cased before tokenisation. Default true.</summary>
    public bool LowerCase = true;

    /// <summary>Longest token sequence kept per text (longer texts are cut), ≥ 4. Default 128.</summary>
    public int MaxTokens = 128;

    /// <summary>d_model, the width of the residual stream (a multiple of <see cref="Heads"/>). Default 128.</summary>
    public int ModelDim = 128;

    /// <summary>Attention heads. Default 4.</summary>
    public int Heads = 4;

    /// <summary>d_ff, the hidden width of the feed-forward blocks. Default 256.</summary>
    public int FeedForwardDim = 256;

    /// <summary>Encoder layers, ≥ 1. Default 2.</summary>
    public int EncoderLayers = 2;

    /// <summary>Dropout on embeddings, residual branches and feed-forward blocks, in [0, 1). Default 0.1 (paper).</summary>
    public double Dropout = 0.1;

    /// <summary>Dropout on attention weights, in [0, 1). Default 0.1 (paper).</summary>
    public double AttentionDropout = 0.1;

    /// <summary>Label smoothing ε of the cross-entropy, in [0, 1). Default 0.1 (paper).</summary>
    public double LabelSmoothing = 0.1;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        if (VocabularySize < 16)
            throw new ArgumentOutOfRangeException(nameof(VocabularySize), VocabularySize, "VocabularySize must be at least 16.");
        if (MaxTokens < 4)
            throw new ArgumentOutOfRangeException(nameof(MaxTokens), MaxTokens, "MaxTokens must be at least 4.");
        if (Heads < 1)
            throw new ArgumentOutOfRangeException(nameof(Heads), Heads, "Heads must be at least 1.");
        if (ModelDim < 1 || ModelDim % Heads != 0)
            throw new ArgumentOutOfRangeException(nameof(ModelDim), ModelDim, $"ModelDim must be a positive multiple of Heads ({Heads}).");
        if (FeedForwardDim < 1)
            throw new ArgumentOutOfRangeException(nameof(FeedForwardDim), FeedForwardDim, "FeedForwardDim must be at least 1.");
        if (EncoderLayers < 1)
            throw new ArgumentOutOfRangeException(nameof(EncoderLayers), EncoderLayers, "EncoderLayers must be at least 1.");
        if (!(Dropout >= 0 && Dropout < 1))
            throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, "Dropout must be in [0, 1).");
        if (!(AttentionDropout >= 0 && AttentionDropout < 1))
            throw new ArgumentOutOfRangeException(nameof(AttentionDropout), AttentionDropout, "AttentionDropout must be in [0, 1).");
        if (!(LabelSmoothing >= 0 && LabelSmoothing < 1))
            throw new ArgumentOutOfRangeException(nameof(LabelSmoothing), LabelSmoothing, "LabelSmoothing must be in [0, 1).");
    }
}
