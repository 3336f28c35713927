// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Core.Training;

namespace Microsoft.ML.Sparse.Engine.Networks.Transformer;

/// <summary>What <see cref="TransformerTraining"/> returns: the trained network (on the CPU, in evaluation mode, owned by the caller) and its history.</summary>
/// <typeparam name="TNetwork">The network type of the task.</typeparam>
/// <param name="Network">The trained network.</param>
/// <param name="History">Per-epoch losses, rounds, best epoch.</param>
/// <param name="Device">The device it trained on ("CPU" or "CUDA").</param>
internal sealed record TransformerTrainingResult<TNetwork>(TNetwork Network, TrainingHistory History, string Device);
