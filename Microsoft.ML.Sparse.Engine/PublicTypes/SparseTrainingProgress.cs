// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Torch;

namespace Microsoft.ML.Sparse;

/// <summary>
/// One progress report of a sparse trainer, sent to <c>SparseTrainerOptionsBase.Progress</c>: where training
/// is (epoch, step), the running training loss, validation metrics at epoch ends and topology telemetry after
/// topology rounds. Immutable.
/// </summary>
public sealed class SparseTrainingProgress
{
    /// <summary>Creates a report.</summary>
    /// <param name="kind">What the report is about.</param>
    /// <param name="epoch">1-based epoch being trained (or just finished).</param>
    /// <param name="totalEpochs">Epochs planned.</param>
    /// <param name="step">Optimizer steps done so far.</param>
    /// <param name="totalSteps">Optimizer steps planned.</param>
    /// <param name="trainingLoss">Mean training loss over the batches of the current epoch so far.</param>
    /// <param name="learningRate">Learning rate of the last step.</param>
    /// <param name="density">Current target density of the sparse layers.</param>
    /// <param name="elapsed">Wall time since training started.</param>
    /// <param name="validationLoss">Loss on the validation set (epoch reports with a validation set), else null.</param>
    /// <param name="validationAccuracy">Accuracy on the validation set (classification epoch reports with a validation set), else null.</param>
    /// <param name="topologyRound">Telemetry of the round (topology-round reports), else null.</param>
    public SparseTrainingProgress(TrainingProgressKind kind, int epoch, int totalEpochs, long step, long totalSteps, double trainingLoss,
        double learningRate, double density, TimeSpan elapsed, double? validationLoss = null, double? validationAccuracy = null,
        TopologyRoundStats? topologyRound = null)
    {
        Kind = kind;
        Epoch = epoch;
        TotalEpochs = totalEpochs;
        Step = step;
        TotalSteps = totalSteps;
        TrainingLoss = trainingLoss;
        LearningRate = learningRate;
        Density = density;
        Elapsed = elapsed;
        ValidationLoss = validationLoss;
        ValidationAccuracy = validationAccuracy;
        TopologyRound = topologyRound;
    }

    /// <summary>What the report is about.</summary>
    public TrainingProgressKind Kind { get; }

    /// <summary>1-based epoch being trained (or just finished, for <see cref="TrainingProgressKind.Epoch"/>).</summary>
    public int Epoch { get; }

    /// <summary>Epochs planned.</summary>
    public int TotalEpochs { get; }

    /// <summary>Optimizer steps done so far.</summary>
    public long Step { get; }

    /// <summary>Optimizer steps planned for the whole run.</summary>
    public long TotalSteps { get; }

    /// <summary>Fraction of the planned steps done, in [0, 1].</summary>
    public double Fraction => TotalSteps == 0 ? 1 : Math.Clamp((double)Step / TotalSteps, 0, 1);

    /// <summary>Mean training loss over the batches of the current epoch so far.</summary>
    public double TrainingLoss { get; }

    /// <summary>Learning rate of the last step.</summary>
    public double LearningRate { get; }

    /// <summary>Current target density of the sparse layers (1 for dense training).</summary>
    public double Density { get; }

    /// <summary>Wall time since training started.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Validation loss (epoch reports when a validation set is given), else null.</summary>
    public double? ValidationLoss { get; }

    /// <summary>Validation accuracy (classification epoch reports when a validation set is given), else null.</summary>
    public double? ValidationAccuracy { get; }

    /// <summary>Telemetry of the topology round (topology-round reports), else null.</summary>
    public TopologyRoundStats? TopologyRound { get; }

    /// <inheritdoc/>
    public override string ToString()
    {
        string text = $"{Kind} epoch {Epoch}/{TotalEpochs} step {Step}/{TotalSteps} loss {TrainingLoss:F4} lr {LearningRate:G3} density {Density:P2}";
        if (ValidationLoss is { } vl)
            text += $" val-loss {vl:F4}";
        if (ValidationAccuracy is { } va)
            text += $" val-acc {va:P2}";
        if (TopologyRound is { } r)
            text += $" [{r}]";
        return text;
    }
}
