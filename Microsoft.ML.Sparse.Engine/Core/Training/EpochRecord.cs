// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Core.Training;

/// <summary>Metrics of one epoch.</summary>
internal sealed record EpochRecord(int Epoch, double TrainingLoss, double? ValidationLoss, double? ValidationAccuracy, TimeSpan Elapsed, double LearningRate);
