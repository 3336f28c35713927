// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Core.Training;

/// <summary>
/// Engine-side copy of the training settings of a sparse trainer (no ML.NET types): what
/// <see cref="SparseTrainingLoop"/> needs to run epochs, batches, the optimizer, the learning-rate schedule,
/// the topology scheduler, early stopping, progress and cancellation.
/// </summary>
internal sealed record TrainingSettings
{
    public int Epochs { get; init; } = 1;
    public int BatchSize { get; init; } = 32;
    public SparseOptimizer Optimizer { get; init; } = SparseOptimizer.Sgd;
    public double LearningRate { get; init; } = 0.025;
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;
    public double FinalLearningRateFactor { get; init; } = 0.01;
    public double LearningRateDecayFraction { get; init; } = 0.9;
    public int WarmupSteps { get; init; } = 1000;
    public int WarmRestartSteps { get; init; } = 20;

    /// <summary>d_model of the noam schedules.</summary>
    public int ModelDim { get; init; } = 512;

    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; }
    public double AdamBeta1 { get; init; } = 0.9;
    public double AdamBeta2 { get; init; } = 0.999;
    public TopologySettings Topology { get; init; } = new();
    public long Seed { get; init; } = 1;

    /// <summary>Epochs without a lower validation loss before stopping (0: never stop early).</summary>
    public int EarlyStoppingPatience { get; init; }

    /// <summary><see cref="LearningRateSchedule.ReduceOnPlateau"/>: epochs without a lower validation loss before each reduction.</summary>
    public int PlateauPatience { get; init; } = 5;

    /// <summary>
    /// Optimizer steps the topology timetable spans (T_end, ζ and temperature schedules, CHTss decay are fractions of it),
    /// or null for the whole run. Set when the run's length is decided by validation (its epoch count is only a cap).
    /// </summary>
    public long? TopologySteps { get; init; }

    /// <summary>
    /// When set, the learning rate of each 0-based epoch (the last one repeats), replacing <see cref="Schedule"/>: a
    /// retraining replays the rates an earlier, validated run used.
    /// </summary>
    public IReadOnlyList<double>? EpochLearningRates { get; init; }

    public int ProgressInterval { get; init; } = 50;

    /// <summary>libtorch intra-op threads while training, or null to leave the current setting.</summary>
    public int? Threads { get; init; }
    public IProgress<SparseTrainingProgress>? Progress { get; init; }

    /// <summary>Receives one line per epoch (ML.NET channel).</summary>
    public Action<string>? Log { get; init; }

    public CancellationToken Cancellation { get; init; }
}
