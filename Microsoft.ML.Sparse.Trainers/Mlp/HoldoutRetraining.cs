// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Core.Training;

namespace Microsoft.ML.Sparse.Mlp;

/// <summary>
/// The small-table rule of <see cref="SparseMlpDefaults.RetrainRows"/>: after the run on the rows the automatic
/// holdout left chose the epoch, a second run trains on every row for that many epochs, replaying the first run's
/// learning rate of each epoch (same seed, same topology timetable). On a few hundred rows the holdout's 15% is data
/// the final model should see.
/// </summary>
internal static class HoldoutRetraining
{
    /// <summary>True when the automatic holdout was used on a table of fewer than <see cref="SparseMlpDefaults.RetrainRows"/> rows.</summary>
    public static bool Applies(bool automaticHoldout, int rows) => automaticHoldout && rows < SparseMlpDefaults.RetrainRows;

    /// <summary>The settings of the second run: the kept epochs, their learning rates, no validation.</summary>
    public static TrainingSettings Settings(TrainingSettings validated, TrainingHistory history)
    {
        var rates = history.Epochs.Take(history.KeptEpoch).Select(e => e.LearningRate).ToArray();
        return validated with { Epochs = history.KeptEpoch, EpochLearningRates = rates, EarlyStoppingPatience = 0, Schedule = LearningRateSchedule.Constant };
    }

    /// <summary>The validated run's history with the second run's time, steps and rounds added, and the active neurons of the model it kept.</summary>
    public static TrainingHistory Merge(TrainingHistory validated, TrainingHistory retrained)
    {
        validated.Rounds.AddRange(retrained.Rounds);
        validated.Elapsed += retrained.Elapsed;
        validated.Steps += retrained.Steps;
        validated.RetrainedEpochs = retrained.Epochs.Count;
        validated.HiddenNeurons = retrained.HiddenNeurons;
        return validated;
    }
}
