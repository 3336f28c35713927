// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.LanguageModels;

/// <summary>
/// The defaults of the sparse language-model trainer in one place: <see cref="SparseLanguageModelOptions"/> initialises
/// from them and the catalog method's parameters reference them. The topology settings are the paper's LLaMA ones
/// (CHTss, 30% final density from 50%, ζ 0.1, a round every 100 steps, soft removal with temperature 1 → 9, BRF
/// initialisation); the network is sized for a CPU (d_model 128, 2 blocks, context 128).
/// </summary>
internal static class SparseLanguageModelDefaults
{
    /// <summary>The paper's language-model method.</summary>
    public const SparseTrainingMethod Method = SparseTrainingMethod.Chtss;

    /// <summary>Final density of every sparse projection (the paper's LLaMA runs: 30%).</summary>
    public const double Density = 0.3;

    /// <summary>CHTss start density.</summary>
    public const double InitialDensity = 0.5;

    /// <summary>Fraction of links removed and regrown per round (paper, LLaMA: 0.1).</summary>
    public const double Zeta = 0.1;

    /// <summary>Optimizer steps between topology rounds (paper, LLaMA: 100).</summary>
    public const int UpdateInterval = 100;

    /// <summary>End temperature of soft removal (the LLaMA code's 1 → 9).</summary>
    public const double EndTemperature = 9;

    /// <summary>Passes over the training windows.</summary>
    public const int Epochs = 10;

    /// <summary>Peak Adam learning rate (cosine decay to a tenth of it).</summary>
    public const double LearningRate = 2e-3;

    /// <summary>Final learning rate as a fraction of the peak (the LLaMA code's min_lr_ratio).</summary>
    public const double FinalLearningRateFactor = 0.1;

    /// <summary>Decoder blocks.</summary>
    public const int Layers = 2;

    /// <summary>d_model.</summary>
    public const int ModelDim = 128;

    /// <summary>d_ff of the SwiGLU blocks (≈ 2.75 · d_model, LLaMA's ratio).</summary>
    public const int FeedForwardDim = 352;

    /// <summary>Context length in subwords.</summary>
    public const int MaxTokens = 128;

    /// <summary>BPE vocabulary size.</summary>
    public const int VocabularySize = 2000;

    /// <summary>Dropout on the residual branches and embeddings.</summary>
    public const double Dropout = 0.1;
}
