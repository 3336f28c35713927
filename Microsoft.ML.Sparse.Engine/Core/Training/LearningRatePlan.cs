// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Core.Schedules;

namespace Microsoft.ML.Sparse.Engine.Core.Training;

/// <summary>
/// The learning rate of every optimizer step under a <see cref="LearningRateSchedule"/> (a pure function of the
/// 1-based step, the epoch and the steps since the last topology round).
/// </summary>
internal sealed class LearningRatePlan
{
    private readonly TrainingSettings _settings;
    private readonly long _totalSteps;
    private readonly int _decayEpochs;

    public LearningRatePlan(TrainingSettings settings, long totalSteps)
    {
        _settings = settings;
        _totalSteps = Math.Max(1, totalSteps);
        _decayEpochs = Math.Max(1, (int)Math.Round(settings.LearningRateDecayFraction * settings.Epochs));
    }

    /// <summary>
    /// The rate of step <paramref name="step"/> (1-based) in 0-based epoch <paramref name="epoch"/>;
    /// <paramref name="stepsSinceRound"/> counts steps since the last topology round (1 = first step after it), or
    /// null when no round has run yet.
    /// </summary>
    public double At(long step, int epoch, long? stepsSinceRound)
    {
        double lr = _settings.LearningRate, final = _settings.FinalLearningRateFactor;
        if (_settings.EpochLearningRates is { Count: > 0 } rates)
            return rates[Math.Min(epoch, rates.Count - 1)];
        switch (_settings.Schedule)
        {
            case LearningRateSchedule.Constant:
            case LearningRateSchedule.ReduceOnPlateau: // the loop applies the plateau factor (ValidationPlateau)
                return lr;
            case LearningRateSchedule.LinearDecay:
                {
                    // PyTorch LinearLR(start 1, end f, total_iters = round(fraction · epochs)) stepped once per epoch.
                    double progress = Math.Min(epoch, _decayEpochs) / (double)_decayEpochs;
                    return lr * (1 + (final - 1) * progress);
                }
            case LearningRateSchedule.CosineDecay:
                {
                    double progress = Math.Clamp((step - 1) / (double)Math.Max(1, _totalSteps - 1), 0, 1);
                    return lr * (final + (1 - final) * 0.5 * (1 + Math.Cos(Math.PI * progress)));
                }
            case LearningRateSchedule.Noam:
                return NoamSchedule.Noam(step, _settings.ModelDim, _settings.WarmupSteps, lr);
            case LearningRateSchedule.IterativeNoam:
                {
                    double noam = NoamSchedule.Noam(step, _settings.ModelDim, _settings.WarmupSteps, lr);
                    return stepsSinceRound is { } k ? noam * NoamSchedule.WarmRestartRamp(k, _settings.WarmRestartSteps) : noam;
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(_settings.Schedule), _settings.Schedule, "Unknown learning-rate schedule.");
        }
    }
}
