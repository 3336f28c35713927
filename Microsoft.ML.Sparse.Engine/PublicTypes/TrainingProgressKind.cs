// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Torch;

namespace Microsoft.ML.Sparse;

/// <summary>What a <see cref="SparseTrainingProgress"/> report is about.</summary>
public enum TrainingProgressKind
{
    /// <summary>Sent every <c>SparseTrainerOptionsBase.ProgressInterval</c> optimizer steps inside an epoch (drives progress bars).</summary>
    Batch,

    /// <summary>A topology round has just run; <see cref="SparseTrainingProgress.TopologyRound"/> holds its telemetry.</summary>
    TopologyRound,

    /// <summary>An epoch has ended; training loss and, with a validation set, validation metrics are filled in.</summary>
    Epoch,

    /// <summary>Training has finished (after early stopping, when it happened); the model is being exported.</summary>
    Completed,
}
