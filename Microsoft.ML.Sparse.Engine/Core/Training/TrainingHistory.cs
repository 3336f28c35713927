// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Networks;

namespace Microsoft.ML.Sparse.Engine.Core.Training;

/// <summary>What happened during one run of <see cref="SparseTrainingLoop"/>.</summary>
internal sealed class TrainingHistory
{
    /// <summary>One entry per epoch trained.</summary>
    public List<EpochRecord> Epochs { get; } = new();

    /// <summary>Every topology round, in order.</summary>
    public List<TopologyRoundStats> Rounds { get; } = new();

    /// <summary>Optimizer steps counted.</summary>
    public long Steps { get; set; }

    /// <summary>Wall time of the whole loop.</summary>
    public TimeSpan Elapsed { get; set; }

    /// <summary>Wall time spent inside topology rounds.</summary>
    public TimeSpan TopologyTime => TimeSpan.FromTicks(Rounds.Sum(r => r.RoundTime.Ticks));

    /// <summary>1-based epoch whose model was kept (the best validation epoch with early stopping, else the last).</summary>
    public int KeptEpoch { get; set; }

    /// <summary>Whether early stopping ended training before the last epoch.</summary>
    public bool StoppedEarly { get; set; }

    /// <summary>
    /// Epochs of a second run on every row (training and holdout rows together) that replaced the validated model, with
    /// the validated run's learning rates; 0 when the model is the validated run's.
    /// </summary>
    public int RetrainedEpochs { get; set; }

    /// <summary>
    /// MLP trainers: (active, all) hidden neurons of the model kept after training (<see cref="Networks.HiddenNeuronActivity"/>),
    /// set by the trainer; null for other networks.
    /// </summary>
    public (long Active, long Total)? HiddenNeurons { get; set; }
}
