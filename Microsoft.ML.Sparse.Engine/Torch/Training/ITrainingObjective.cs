// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core.Training;

namespace Microsoft.ML.Sparse.Engine.Torch.Training;

/// <summary>
/// What <see cref="SparseTrainingLoop"/> optimises: the loss of a batch of training rows and, optionally, the
/// validation metrics. Implementations own their data tensors and the model's forward pass.
/// </summary>
internal interface ITrainingObjective
{
    /// <summary>Number of training rows.</summary>
    int TrainingRows { get; }

    /// <summary>
    /// The mean loss over the training rows <paramref name="rows"/> (model in training mode), a scalar tensor that
    /// requires grad. Called inside a dispose scope.
    /// </summary>
    Tensor BatchLoss(long[] rows);

    /// <summary>Whether <see cref="Validate"/> has data to evaluate.</summary>
    bool HasValidation { get; }

    /// <summary>Loss (and accuracy for classifiers) on the validation data, model in evaluation mode, no grad.</summary>
    ValidationResult Validate();
}
