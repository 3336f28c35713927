// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.LanguageModels;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse;

/// <summary>
/// Options of the sparse decoder-only Transformer language-model trainer (<c>mlContext.Transforms.Text.SparseLanguageModel(...)</c>):
/// the text and output columns and the number of blocks, on top of the Transformer settings of
/// <see cref="SparseTransformerOptionsBase"/>. The network is LLaMA-shaped (RMSNorm, rotary positions, SwiGLU); q, k, v,
/// o, gate, up and down are sparse, the embedding and output head dense.
/// </summary>
/// <remarks>
/// Defaults differ from the base (see <c>SparseLanguageModelDefaults</c> in the docs): Adam with a cosine decay from
/// <see cref="SparseTrainerOptionsBase.LearningRate"/> 2e-3 to a tenth of it, no label smoothing, no attention dropout,
/// d_model 128, d_ff 352, 2 blocks, a 2000-subword vocabulary; topology CHTss 50% → 30%, ζ 0.1, a round every 100
/// steps, soft removal with temperature 1 → 9, no percolation (the paper's LLaMA settings).
/// <see cref="SparseTransformerOptionsBase.EncoderLayers"/> and <see cref="SparseTrainerOptionsBase.LabelColumnName"/>
/// are not used: the blocks are <see cref="Layers"/> and the model learns from the text itself. A training row is a
/// window of at most <see cref="SparseTransformerOptionsBase.MaxTokens"/> + 1 subwords of one text (&lt;s&gt; text &lt;/s&gt;;
/// longer texts give several windows), so <see cref="SparseTrainerOptionsBase.BatchSize"/> counts windows. The validation
/// loss reported each epoch is the mean negative log-likelihood per subword; its exponential is the validation perplexity.
/// </remarks>
public sealed class SparseLanguageModelOptions : SparseTransformerOptionsBase
{
    /// <summary>Sets the language-model defaults (see the remarks).</summary>
    public SparseLanguageModelOptions()
    {
        Optimizer = SparseOptimizer.Adam;
        LearningRate = SparseLanguageModelDefaults.LearningRate;
        LearningRateSchedule = LearningRateSchedule.CosineDecay;
        FinalLearningRateFactor = SparseLanguageModelDefaults.FinalLearningRateFactor;
        NumberOfEpochs = SparseLanguageModelDefaults.Epochs;
        LabelSmoothing = 0;
        Dropout = SparseLanguageModelDefaults.Dropout;
        AttentionDropout = 0;
        ModelDim = SparseLanguageModelDefaults.ModelDim;
        FeedForwardDim = SparseLanguageModelDefaults.FeedForwardDim;
        MaxTokens = SparseLanguageModelDefaults.MaxTokens;
        VocabularySize = SparseLanguageModelDefaults.VocabularySize;
        LowerCase = false;
        Topology.Method = SparseLanguageModelDefaults.Method;
        Topology.Density = SparseLanguageModelDefaults.Density;
        Topology.InitialDensity = SparseLanguageModelDefaults.InitialDensity;
        Topology.Zeta = SparseLanguageModelDefaults.Zeta;
        Topology.UpdateInterval = SparseLanguageModelDefaults.UpdateInterval;
        Topology.EndTemperature = SparseLanguageModelDefaults.EndTemperature;
        Topology.Percolation = false;
    }

    /// <summary>Column with the texts to learn from (and, in the trained transformer, to score), of type Text. Default "Text".</summary>
    public string TextColumnName = DefaultColumnNames.Text;

    /// <summary>Column the transformer adds with each text's total log-likelihood (Single). Default "LogLikelihood".</summary>
    public string LogLikelihoodColumnName = DefaultColumnNames.LogLikelihood;

    /// <summary>Column the transformer adds with each text's predicted subword count (Int32). Default "TokenCount".</summary>
    public string TokenCountColumnName = DefaultColumnNames.TokenCount;

    /// <summary>Column the transformer adds with each text's perplexity (Single). Default "Perplexity".</summary>
    public string PerplexityColumnName = DefaultColumnNames.Perplexity;

    /// <summary>Decoder blocks, ≥ 1. Default 2.</summary>
    public int Layers = SparseLanguageModelDefaults.Layers;

    /// <summary>
    /// A pretrained tokenizer (<see cref="LanguageModelTokenizer.FromGpt2Files"/> or
    /// <see cref="LanguageModelTokenizer.FromSentencePiece"/>) used instead of a subword vocabulary learnt from the
    /// training texts; it is saved in the model zip. Null (default): learn a BPE vocabulary of
    /// <see cref="SparseTransformerOptionsBase.VocabularySize"/> subwords. When set, <c>VocabularySize</c> and
    /// <c>LowerCase</c> are not used, and the embedding and output head have the tokenizer's size + 3 rows (a GPT-2
    /// tokenizer's 50,257 ids make them far larger than the blocks of a small model).
    /// </summary>
    public LanguageModelTokenizer? Tokenizer;

    /// <summary>Rows whose text is empty or whitespace: skip them (true, default; the number is logged) or fail naming the first (false).</summary>
    public bool SkipEmptyRows = true;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        var names = new[] { TextColumnName, LogLikelihoodColumnName, TokenCountColumnName, PerplexityColumnName };
        if (names.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException("TextColumnName, LogLikelihoodColumnName, TokenCountColumnName and PerplexityColumnName must each name a column.", nameof(TextColumnName));
        var outputs = names.Skip(1).ToArray();
        if (outputs.Distinct().Count() != outputs.Length)
            throw new ArgumentException($"The output columns '{string.Join("', '", outputs)}' must have three different names.", nameof(PerplexityColumnName));
        if (Layers < 1)
            throw new ArgumentOutOfRangeException(nameof(Layers), Layers, "Layers must be at least 1.");
        if (ModelDim / Heads % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(ModelDim), ModelDim,
                $"Rotary positions need an even head dimension: ModelDim {ModelDim} / Heads {Heads} = {ModelDim / Heads}. Choose ModelDim a multiple of 2 × Heads.");
    }

    /// <summary>A copy (the topology options are copied too; the validation set, progress and token are shared).</summary>
    internal override SparseLanguageModelOptions Copy() => (SparseLanguageModelOptions)base.Copy();
}
