// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse;

/// <summary>How the learning rate changes during training (see <c>SparseTrainerOptionsBase.LearningRateSchedule</c>).</summary>
public enum LearningRateSchedule
{
    /// <summary>The learning rate stays at <c>SparseTrainerOptionsBase.LearningRate</c>.</summary>
    Constant,

    /// <summary>
    /// Linear decay per epoch from <c>SparseTrainerOptionsBase.LearningRate</c> to
    /// <c>SparseTrainerOptionsBase.FinalLearningRateFactor</c> times it, reached after
    /// <c>SparseTrainerOptionsBase.LearningRateDecayFraction</c> of the epochs (the paper's MLP setting:
    /// 0.025 → 2.5e-4 over 90% of the epochs, like PyTorch's LinearLR stepped once per epoch).
    /// </summary>
    LinearDecay,

    /// <summary>Cosine decay per step from the learning rate to <c>SparseTrainerOptionsBase.FinalLearningRateFactor</c> times it at the last step.</summary>
    CosineDecay,

    /// <summary>
    /// The Transformer "noam" schedule: LearningRate · d_model^−0.5 · min(s^−0.5, s · warmup^−1.5) at 1-based step s,
    /// with <c>SparseTrainerOptionsBase.WarmupSteps</c>. For MLPs d_model is the first hidden layer's width.
    /// </summary>
    Noam,

    /// <summary>
    /// "inoam" (paper, Transformer runs): noam times a warm restart min(1, k / w) over the
    /// <c>SparseTrainerOptionsBase.WarmRestartSteps</c> w steps that follow every topology round (k counts them).
    /// </summary>
    IterativeNoam,

    /// <summary>
    /// The learning rate stays at <c>SparseTrainerOptionsBase.LearningRate</c> until the validation loss has not improved
    /// for a plateau (a number of epochs), then it is divided by 5, again after every further plateau without
    /// improvement (down to 1% of the start). Needs validation rows; the sparse MLP picks the plateau length from the
    /// steps per epoch (<c>SparseMlpDefaults.PlateauSteps</c>).
    /// </summary>
    ReduceOnPlateau,

    /// <summary>
    /// Chosen by the trainer: the sparse MLP uses <see cref="ReduceOnPlateau"/> when it validates (an automatic holdout or
    /// a <c>ValidationSet</c>) and <see cref="LinearDecay"/> otherwise; other trainers use <see cref="LinearDecay"/>.
    /// </summary>
    Auto,
}
