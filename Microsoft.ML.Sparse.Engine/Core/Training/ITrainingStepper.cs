// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.



namespace Microsoft.ML.Sparse.Engine.Core.Training;

/// <summary>
/// One training backend as <see cref="SparseTrainingLoop"/> drives it: a model, its optimizer and its topology engine.
/// The loop owns the epochs, batch order, learning-rate plan, validation schedule, early stopping, progress and
/// cancellation; the stepper owns everything that touches weights. Two exist: <c>TorchTrainingStepper</c>
/// (TorchSharp masked layers, CPU or CUDA) and the managed CSR engine (<c>Managed.CsrMlpStepper</c>, CPU, no libtorch).
/// </summary>
internal interface ITrainingStepper : IDisposable
{
    /// <summary>Number of training rows.</summary>
    int TrainingRows { get; }

    /// <summary>Whether <see cref="Validate"/> has data to evaluate.</summary>
    bool HasValidation { get; }

    /// <summary>Optimizer updates counted so far (steps skipped on round steps count too).</summary>
    long Step { get; }

    /// <summary>Target density of the sparse layers now (1 for dense training).</summary>
    double CurrentTargetDensity { get; }

    /// <summary>
    /// The row counts of the blocks of one epoch, moving to each block as it is enumerated: the loop shuffles and
    /// batches the rows of one block at a time (row indices given to <see cref="TrainBatch"/> are within the current
    /// block). Every row is in one block held in memory unless the stepper streams its rows (the managed engine's
    /// bounded-memory path).
    /// </summary>
    /// <param name="epoch">0-based epoch (streamed blocks come in a seeded order per epoch).</param>
    IEnumerable<int> EpochBlocks(int epoch) => new[] { TrainingRows };

    /// <summary>Builds the initial topology and weights; called once before the first batch.</summary>
    void Initialize();

    /// <summary>
    /// Trains on one batch: loss, gradients, the optimizer update at <paramref name="learningRate"/>, and a topology
    /// round when one is due after this step. Returns the mean batch loss; when it is not finite nothing is updated and
    /// the loop stops with an error.
    /// </summary>
    /// <param name="rows">Training row indices of the batch.</param>
    /// <param name="learningRate">Learning rate of this update.</param>
    /// <param name="round">The round's telemetry, or null when no round ran.</param>
    float TrainBatch(long[] rows, double learningRate, out TopologyRoundStats? round);

    /// <summary>
    /// The first weight or bias that is NaN or infinite, as "layer 'name' weight|bias", or null when all are finite. The
    /// loop asks after every epoch: a diverged weight can hide behind a finite loss (a ReLU layer whose bias went to
    /// −∞ outputs zeros).
    /// </summary>
    string? FindNonFiniteParameter();

    /// <summary>Switches between training (dropout on) and evaluation mode.</summary>
    void SetTraining(bool training);

    /// <summary>Loss (and accuracy for classifiers) on the validation rows, evaluation mode.</summary>
    ValidationResult Validate();

    /// <summary>A copy of the current model (weights and topology), to restore the best epoch under early stopping.</summary>
    IDisposable CaptureModel();

    /// <summary>Writes a copy taken by <see cref="CaptureModel"/> back into the model.</summary>
    void RestoreModel(IDisposable snapshot);
}
