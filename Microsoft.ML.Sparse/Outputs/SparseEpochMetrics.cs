// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse;

/// <summary>Metrics of one training epoch.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="TrainingLoss">Mean training loss over the epoch's batches.</param>
/// <param name="ValidationLoss">Validation loss, when a validation set was given.</param>
/// <param name="ValidationAccuracy">Validation accuracy (classifiers), when a validation set was given.</param>
/// <param name="Elapsed">Wall time from the start of training to the end of this epoch.</param>
/// <param name="LearningRate">Learning rate of the epoch's last step.</param>
public sealed record SparseEpochMetrics(int Epoch, double TrainingLoss, double? ValidationLoss, double? ValidationAccuracy, TimeSpan Elapsed, double LearningRate);
