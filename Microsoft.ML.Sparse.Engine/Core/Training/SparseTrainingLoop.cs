// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using System.Globalization;

namespace Microsoft.ML.Sparse.Engine.Core.Training;

/// <summary>
/// Mini-batch training of a sparse network: seeded batch order, learning-rate schedule, per-epoch validation, early
/// stopping (best epoch kept), progress reports and cancellation before every batch. What touches the weights (loss,
/// gradients, optimizer, topology rounds) is an <see cref="ITrainingStepper"/>: TorchSharp masked layers (<c>Torch.Training.TorchTrainingStepper.NewLoop</c>) or the
/// managed CSR engine. Used by the MLP and Transformer trainers alike; knows nothing about ML.NET, and nothing in it loads
/// libtorch unless the stepper does.
/// </summary>
internal sealed class SparseTrainingLoop
{
    private readonly ITrainingStepper _stepper;
    private readonly TrainingSettings _settings;

    /// <summary>A loop over any backend.</summary>
    /// <param name="stepper">The backend; the loop disposes it at the end of <see cref="Run"/>.</param>
    /// <param name="settings">Epochs, batch size, schedules, early stopping, progress, cancellation.</param>
    public SparseTrainingLoop(ITrainingStepper stepper, TrainingSettings settings)
    {
        _stepper = stepper ?? throw new ArgumentNullException(nameof(stepper));
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        if (stepper.TrainingRows < 1)
            throw new ArgumentException("The training data has no rows.", nameof(stepper));
    }

    /// <summary>Steps per epoch: ⌈rows / batch⌉.</summary>
    public long StepsPerEpoch => (_stepper.TrainingRows + (long)_settings.BatchSize - 1) / _settings.BatchSize;

    /// <summary>Optimizer steps of the whole run.</summary>
    public long TotalSteps => StepsPerEpoch * _settings.Epochs;

    /// <summary>
    /// Initialises the topology (and sparse weights), trains, and leaves the model holding the kept weights (last epoch,
    /// or the best validation epoch under early stopping), in evaluation mode.
    /// </summary>
    /// <exception cref="OperationCanceledException">The cancellation token was signalled.</exception>
    /// <exception cref="InvalidOperationException">The loss became NaN or infinite.</exception>
    public TrainingHistory Run()
    {
        try
        {
            _stepper.Initialize();
            return Train();
        }
        finally
        {
            _stepper.Dispose();
        }
    }

    private TrainingHistory Train()
    {
        var s = _settings;
        var history = new TrainingHistory();
        var watch = Stopwatch.StartNew();
        long totalSteps = TotalSteps;
        var plan = new LearningRatePlan(s, totalSteps);
        var random = new Random(unchecked((int)(s.Seed * 2654435761L) ^ 0x5eed));
        var order = Enumerable.Range(0, _stepper.TrainingRows).Select(i => (long)i).ToArray();
        long? stepsSinceRound = null;
        double lr = s.LearningRate;
        bool plateauSchedule = s.Schedule == LearningRateSchedule.ReduceOnPlateau;
        var plateau = new ValidationPlateau(s.EarlyStoppingPatience, plateauSchedule ? s.PlateauPatience : 0);
        IDisposable? best = null;
        try
        {
            for (int epoch = 0; epoch < s.Epochs; epoch++)
            {
                _stepper.SetTraining(true);
                double lossSum = 0;
                long lossRows = 0;
                // One block holds every row unless the stepper streams its rows in blocks; rows are shuffled within a block.
                foreach (int blockRows in _stepper.EpochBlocks(epoch))
                {
                    if (order.Length != blockRows)
                        order = Enumerable.Range(0, blockRows).Select(i => (long)i).ToArray();
                    random.Shuffle(order);
                    for (int start = 0; start < blockRows; start += s.BatchSize)
                    {
                        s.Cancellation.ThrowIfCancellationRequested();
                        int count = Math.Min(s.BatchSize, order.Length - start);
                        var rows = order.AsSpan(start, count).ToArray();
                        long? k = stepsSinceRound is { } since ? since + 1 : null;
                        lr = plan.At(_stepper.Step + 1, epoch, k) * plateau.LearningRateFactor;
                        float lossValue = _stepper.TrainBatch(rows, lr, out var round);
                        if (!float.IsFinite(lossValue))
                            throw Diverged(lossValue, epoch, lr);
                        stepsSinceRound = round != null ? 0 : k;
                        lossSum += (double)lossValue * count;
                        lossRows += count;
                        if (round != null)
                        {
                            history.Rounds.Add(round);
                            s.Progress?.Report(Report(TrainingProgressKind.TopologyRound, epoch, totalSteps, lossSum / lossRows, lr, watch, topologyRound: round));
                        }
                        if (_stepper.Step % s.ProgressInterval == 0)
                            s.Progress?.Report(Report(TrainingProgressKind.Batch, epoch, totalSteps, lossSum / lossRows, lr, watch));
                    }
                }

                double trainLoss = lossSum / Math.Max(1, lossRows);
                if (_stepper.FindNonFiniteParameter() is { } where)
                    throw Diverged(where, epoch, lr);
                ValidationResult? validation = null;
                if (_stepper.HasValidation)
                {
                    _stepper.SetTraining(false);
                    validation = _stepper.Validate();
                }
                history.Epochs.Add(new EpochRecord(epoch + 1, trainLoss, validation?.Loss, validation?.Accuracy, watch.Elapsed, lr));
                s.Progress?.Report(Report(TrainingProgressKind.Epoch, epoch, totalSteps, trainLoss, lr, watch, validation));
                s.Log?.Invoke(string.Format(CultureInfo.InvariantCulture, "epoch {0}/{1}: loss {2:F4}{3}{4}, density {5:P2}, {6:F1} s",
                    epoch + 1, s.Epochs, trainLoss,
                    validation is { } v1 ? $", validation loss {v1.Loss:F4}" : "",
                    validation?.Accuracy is { } acc ? $", validation accuracy {acc:P2}" : "",
                    _stepper.CurrentTargetDensity, watch.Elapsed.TotalSeconds));

                if ((s.EarlyStoppingPatience > 0 || plateauSchedule) && validation is { } v)
                {
                    var outcome = plateau.Observe(epoch + 1, v.Loss);
                    if (outcome.Improved && s.EarlyStoppingPatience > 0)
                    {
                        best?.Dispose();
                        best = _stepper.CaptureModel();
                    }
                    if (outcome.Reduced)
                        s.Log?.Invoke(string.Format(CultureInfo.InvariantCulture, "no lower validation loss for {0} epoch(s): learning rate now {1:G3}",
                            plateau.EpochsWithoutImprovement, s.LearningRate * plateau.LearningRateFactor));
                    if (outcome.Stop)
                    {
                        history.StoppedEarly = epoch + 1 < s.Epochs;
                        s.Log?.Invoke($"early stopping after epoch {epoch + 1}: no lower validation loss for {plateau.EpochsWithoutImprovement} epoch(s); keeping epoch {plateau.BestEpoch}");
                        break;
                    }
                }
            }

            history.KeptEpoch = history.Epochs.Count;
            if (best != null && plateau.BestEpoch != history.Epochs.Count)
            {
                _stepper.RestoreModel(best);
                history.KeptEpoch = plateau.BestEpoch;
            }
            history.Steps = _stepper.Step;
            history.Elapsed = watch.Elapsed;
            _stepper.SetTraining(false);
            var last = history.Epochs[^1];
            s.Progress?.Report(new SparseTrainingProgress(TrainingProgressKind.Completed, history.KeptEpoch, s.Epochs, _stepper.Step, totalSteps,
                last.TrainingLoss, lr, _stepper.CurrentTargetDensity, watch.Elapsed, last.ValidationLoss, last.ValidationAccuracy));
            return history;
        }
        finally
        {
            best?.Dispose();
        }
    }

    /// <summary>Key set in <see cref="Exception.Data"/> of the exception thrown when the loss became NaN or infinite.</summary>
    internal const string DivergedKey = "Microsoft.ML.Sparse.TrainingDiverged";

    private InvalidOperationException Diverged(float loss, int epoch, double lr)
        => Diverged(string.Format(CultureInfo.InvariantCulture, "the loss became {0}", loss), epoch, lr);

    private InvalidOperationException Diverged(string what, int epoch, double lr)
    {
        var e = new InvalidOperationException(string.Format(CultureInfo.InvariantCulture,
            "Training diverged: {0} at epoch {1}, step {2} (learning rate {3:G3}). The learning rate is too high for " +
            "this data: lower LearningRate (leave it unset and the sparse MLP restarts at a lower rate by itself) or use a larger batch. " +
            "If the inputs hold extreme values (far outside the bulk of a column), clip or log-transform those columns.",
            what, epoch + 1, _stepper.Step + 1, lr));
        e.Data[DivergedKey] = true;
        return e;
    }

    private SparseTrainingProgress Report(TrainingProgressKind kind, int epoch, long totalSteps, double loss,
        double lr, Stopwatch watch, ValidationResult? validation = null, TopologyRoundStats? topologyRound = null)
        => new(kind, epoch + 1, _settings.Epochs, _stepper.Step, totalSteps, loss, lr, _stepper.CurrentTargetDensity, watch.Elapsed,
               validation?.Loss, validation?.Accuracy, topologyRound);
}
