// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Core.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Networks.Transformer;

/// <summary>What <see cref="TransformerTraining"/> needs besides the task's data, resolved by the trainers.</summary>
/// <param name="Name">The trainer's name, for the libtorch gate's messages.</param>
/// <param name="Architecture">The network's shape (task, widths, layers, vocabulary sizes, dropout).</param>
/// <param name="LabelSmoothing">Label smoothing of the cross-entropy loss.</param>
/// <param name="Device">The device to train on (resolved; the trained network comes back on the CPU).</param>
/// <param name="Settings">Epochs, optimizer, schedules, topology, seed, progress, log, cancellation.</param>
internal sealed record TransformerTrainingRequest(string Name, TransformerArchitecture Architecture, double LabelSmoothing, Device Device, TrainingSettings Settings);
