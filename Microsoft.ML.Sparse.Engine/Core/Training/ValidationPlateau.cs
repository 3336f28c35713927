// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Core.Training;

/// <summary>
/// Follows the validation loss epoch by epoch for <see cref="SparseTrainingLoop"/>: the best epoch, epochs without a
/// lower loss, the <see cref="LearningRateSchedule.ReduceOnPlateau"/> factor (divided by <see cref="Factor"/> after
/// every plateau without improvement, down to <see cref="MinimumFactor"/>), and when early stopping ends the run.
/// </summary>
internal sealed class ValidationPlateau
{
    /// <summary>Divisor of the learning rate at each plateau.</summary>
    public const double Factor = 5;

    /// <summary>Lowest learning-rate factor.</summary>
    public const double MinimumFactor = 0.01;

    private readonly int _stopAfter;
    private readonly int _plateau;

    /// <param name="earlyStoppingPatience">Epochs without improvement before stopping (0: never).</param>
    /// <param name="plateauPatience">Epochs without improvement before each reduction (0: never reduce).</param>
    public ValidationPlateau(int earlyStoppingPatience, int plateauPatience)
    {
        _stopAfter = Math.Max(0, earlyStoppingPatience);
        _plateau = Math.Max(0, plateauPatience);
    }

    /// <summary>What <see cref="Observe"/> saw.</summary>
    /// <param name="Improved">The loss is the lowest so far.</param>
    /// <param name="Reduced">The learning-rate factor was just lowered.</param>
    /// <param name="Stop">Early stopping ends the run after this epoch.</param>
    public readonly record struct Outcome(bool Improved, bool Reduced, bool Stop);

    /// <summary>Factor applied to the scheduled learning rate (1 until the first plateau).</summary>
    public double LearningRateFactor { get; private set; } = 1;

    /// <summary>Lowest validation loss so far.</summary>
    public double BestLoss { get; private set; } = double.PositiveInfinity;

    /// <summary>1-based epoch of <see cref="BestLoss"/> (0 before any finite loss).</summary>
    public int BestEpoch { get; private set; }

    /// <summary>Consecutive epochs since the last improvement.</summary>
    public int EpochsWithoutImprovement { get; private set; }

    /// <summary>Takes the validation loss of 1-based <paramref name="epoch"/> (a non-finite loss never improves).</summary>
    public Outcome Observe(int epoch, double loss)
    {
        if (loss < BestLoss)
        {
            BestLoss = loss;
            BestEpoch = epoch;
            EpochsWithoutImprovement = 0;
            return new Outcome(true, false, false);
        }
        EpochsWithoutImprovement++;
        bool reduced = false;
        if (_plateau > 0 && EpochsWithoutImprovement % _plateau == 0 && LearningRateFactor > MinimumFactor)
        {
            LearningRateFactor = Math.Max(MinimumFactor, LearningRateFactor / Factor);
            reduced = true;
        }
        return new Outcome(false, reduced, _stopAfter > 0 && EpochsWithoutImprovement >= _stopAfter);
    }
}
