// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse;

/// <summary>
/// Settings shared by every sparse trainer (MLP and Transformer): columns, epochs and batches, optimizer and
/// learning-rate schedule, the sparse topology (<see cref="Topology"/>), seed, device, validation and early stopping,
/// progress and cancellation. Trainer-specific options derive from it.
/// </summary>
public abstract class SparseTrainerOptionsBase
{
    /// <summary>Label column. Multiclass: a key type (MapValueToKey); binary: Boolean; regression: Single. Default "Label".</summary>
    public string LabelColumnName = DefaultColumnNames.Label;

    /// <summary>
    /// Passes over the training data, ≥ 1. Null (the MLP default): chosen from the data so that the run takes at least
    /// <see cref="SparseMlpDefaults.MinimumSteps"/> optimizer steps and at least <see cref="SparseMlpDefaults.NumberOfEpochs"/>
    /// epochs (see docs/mlp-trainer.md). The Transformer trainers set a fixed default.
    /// </summary>
    public int? NumberOfEpochs;

    /// <summary>Rows per optimizer step, ≥ 1 (the last batch of an epoch may be smaller).</summary>
    public int BatchSize = 32;

    /// <summary>Optimizer. Default <see cref="SparseOptimizer.Sgd"/>.</summary>
    public SparseOptimizer Optimizer = SparseOptimizer.Sgd;

    /// <summary>
    /// Base learning rate (for the noam schedules: the scale factor), &gt; 0. Null (the MLP default):
    /// <see cref="SparseMlpDefaults.LearningRate"/>, and when the loss becomes NaN or infinite the MLP restarts from
    /// scratch at a lower rate (a warning on the ML.NET channel says so). A rate set here is used as given: no restart.
    /// The Transformer trainers set a fixed default.
    /// </summary>
    public double? LearningRate;

    /// <summary>Learning-rate schedule. Default <see cref="Sparse.LearningRateSchedule.LinearDecay"/>.</summary>
    public LearningRateSchedule LearningRateSchedule = LearningRateSchedule.LinearDecay;

    /// <summary>Linear and cosine decay: the final learning rate as a fraction of <see cref="LearningRate"/>, in [0, 1]. Default 0.01.</summary>
    public double FinalLearningRateFactor = 0.01;

    /// <summary>Linear decay: fraction of the epochs over which the rate decays (it then stays at the final rate), in (0, 1]. Default 0.9.</summary>
    public double LearningRateDecayFraction = 0.9;

    /// <summary>Noam schedules: global warm-up steps, ≥ 1. Default 1000.</summary>
    public int WarmupSteps = 1000;

    /// <summary>Iterative noam: steps of the warm restart after each topology round, ≥ 0 (0: none). Default 20 (paper).</summary>
    public int WarmRestartSteps = 20;

    /// <summary>SGD momentum, in [0, 1). Default 0.9.</summary>
    public double Momentum = 0.9;

    /// <summary>Weight decay (L2; decoupled for AdamW), ≥ 0. Default 5e-4.</summary>
    public double WeightDecay = 5e-4;

    /// <summary>Adam β₁, in [0, 1). Default 0.9.</summary>
    public double AdamBeta1 = 0.9;

    /// <summary>Adam β₂, in [0, 1). Default 0.999 (the paper's Transformer script uses 0.998).</summary>
    public double AdamBeta2 = 0.999;

    /// <summary>
    /// The sparse topology: method (CHTs, CHTss, SET, RigL, static, dense), density, ζ, update interval, removal,
    /// regrowth, initialisation and schedules. Defaults follow the paper.
    /// </summary>
    public SparseTopologyOptions Topology = new();

    /// <summary>
    /// Seed of every random choice (weights, topology, batch order, dropout). Null: the MLContext's seed when it has one
    /// (<c>new MLContext(seed: 1)</c>), else a random seed. With a fixed seed, training on the CPU is deterministic.
    /// </summary>
    public int? Seed;

    /// <summary>Where to train. Default <see cref="SparseDevice.Auto"/> (CUDA when available, else CPU).</summary>
    public SparseDevice Device = SparseDevice.Auto;

    /// <summary>With <see cref="SparseDevice.Cuda"/>: train on the CPU instead of failing when CUDA is unavailable. Default false.</summary>
    public bool AllowCpuFallback;

    /// <summary>
    /// Optional validation data with the same columns as the training data: its loss (and accuracy for classifiers) is
    /// computed after every epoch and reported through <see cref="Progress"/>; it drives <see cref="EarlyStoppingPatience"/>.
    /// </summary>
    public IDataView? ValidationSet;

    /// <summary>
    /// With a <see cref="ValidationSet"/>: stop after this many epochs without a lower validation loss and keep the
    /// weights and topology of the best epoch. 0 (default) trains all epochs (and keeps the last model).
    /// </summary>
    public int EarlyStoppingPatience;

    /// <summary>
    /// Threads used while training. TorchSharp engine: libtorch intra-op threads (the previous setting is restored
    /// afterwards; process-wide while training runs). Managed engine: threads of every training step (forward, backward,
    /// optimizer) and of the topology rounds' link prediction; the trained model is bit-identical for any number of
    /// threads. Null (default): one per core. On a machine shared with other busy processes one thread can be faster
    /// than oversubscribed cores.
    /// </summary>
    public int? NumberOfThreads;

    /// <summary>Steps between <see cref="TrainingProgressKind.Batch"/> reports, ≥ 1. Default 50.</summary>
    public int ProgressInterval = 50;

    /// <summary>Receives progress reports (batches, epochs with metrics, topology rounds). Called on the training thread.</summary>
    public IProgress<SparseTrainingProgress>? Progress;

    /// <summary>Cancels training: checked before every batch; Fit then throws <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken CancellationToken;

    /// <summary>
    /// A copy for a trainer to keep: the topology options are copied too; the validation set, progress and token are
    /// shared. Derived options copy their own reference-typed members in an override.
    /// </summary>
    internal virtual SparseTrainerOptionsBase Copy()
    {
        var copy = (SparseTrainerOptionsBase)MemberwiseClone();
        copy.Topology = Topology?.Clone()!;
        return copy;
    }

    /// <summary>Checks every field and throws a clear exception for the first invalid one.</summary>
    /// <exception cref="ArgumentException">A field is out of range or inconsistent (the message names it).</exception>
    public virtual void Validate()
    {
        if (string.IsNullOrWhiteSpace(LabelColumnName))
            throw new ArgumentException("LabelColumnName must name a column.", nameof(LabelColumnName));
        if (NumberOfEpochs is < 1)
            throw new ArgumentOutOfRangeException(nameof(NumberOfEpochs), NumberOfEpochs, "NumberOfEpochs must be at least 1.");
        if (BatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be at least 1.");
        if (!Enum.IsDefined(Optimizer))
            throw new ArgumentOutOfRangeException(nameof(Optimizer), Optimizer, $"Unknown optimizer; valid: {string.Join(", ", Enum.GetNames<SparseOptimizer>())}.");
        if (!Enum.IsDefined(LearningRateSchedule))
            throw new ArgumentOutOfRangeException(nameof(LearningRateSchedule), LearningRateSchedule, $"Unknown schedule; valid: {string.Join(", ", Enum.GetNames<LearningRateSchedule>())}.");
        if (!Enum.IsDefined(Device))
            throw new ArgumentOutOfRangeException(nameof(Device), Device, "Unknown device; valid: Auto, Cpu, Cuda.");
        if (LearningRate is { } learningRate)
            Positive(learningRate, nameof(LearningRate));
        Range(FinalLearningRateFactor, nameof(FinalLearningRateFactor), 0, 1, lowInclusive: true);
        Range(LearningRateDecayFraction, nameof(LearningRateDecayFraction), 0, 1, lowInclusive: false);
        if (WarmupSteps < 1)
            throw new ArgumentOutOfRangeException(nameof(WarmupSteps), WarmupSteps, "WarmupSteps must be at least 1.");
        if (WarmRestartSteps < 0)
            throw new ArgumentOutOfRangeException(nameof(WarmRestartSteps), WarmRestartSteps, "WarmRestartSteps must be 0 or more.");
        HalfOpen(Momentum, nameof(Momentum));
        HalfOpen(AdamBeta1, nameof(AdamBeta1));
        HalfOpen(AdamBeta2, nameof(AdamBeta2));
        if (!double.IsFinite(WeightDecay) || WeightDecay < 0)
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "WeightDecay must be a finite number ≥ 0.");
        if (EarlyStoppingPatience < 0)
            throw new ArgumentOutOfRangeException(nameof(EarlyStoppingPatience), EarlyStoppingPatience, "EarlyStoppingPatience must be 0 (off) or more.");
        if (EarlyStoppingPatience > 0 && ValidationSet is null)
            throw new ArgumentException("EarlyStoppingPatience needs a ValidationSet to measure the validation loss on.", nameof(EarlyStoppingPatience));
        if (NumberOfThreads is < 1)
            throw new ArgumentOutOfRangeException(nameof(NumberOfThreads), NumberOfThreads, "NumberOfThreads must be at least 1 (or null for libtorch's default).");
        if (ProgressInterval < 1)
            throw new ArgumentOutOfRangeException(nameof(ProgressInterval), ProgressInterval, "ProgressInterval must be at least 1.");
        if (Topology is null)
            throw new ArgumentNullException(nameof(Topology), "Topology options are required (new SparseTopologyOptions() gives the paper's defaults).");
        Topology.Validate();
    }

    private static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Positive(double value, string name)
    {
        if (!double.IsFinite(value) || value <= 0)
            throw new ArgumentOutOfRangeException(name, value, $"{name} = {Show(value)} is invalid: it must be a finite number > 0.");
    }

    private static void Range(double value, string name, double low, double high, bool lowInclusive)
    {
        bool ok = double.IsFinite(value) && (lowInclusive ? value >= low : value > low) && value <= high;
        if (!ok)
            throw new ArgumentOutOfRangeException(name, value, $"{name} = {Show(value)} is invalid: it must be in {(lowInclusive ? "[" : "(")}{Show(low)}, {Show(high)}].");
    }

    private static void HalfOpen(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0 || value >= 1)
            throw new ArgumentOutOfRangeException(name, value, $"{name} = {Show(value)} is invalid: it must be in [0, 1).");
    }
}
