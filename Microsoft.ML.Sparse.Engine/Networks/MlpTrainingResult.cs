// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Core.Training;
using Microsoft.ML.Sparse.Inference;

namespace Microsoft.ML.Sparse.Engine.Networks;

/// <summary>What <see cref="MlpTraining"/> returns: the exported model, the training history and the device it trained on.</summary>
/// <param name="Model">The trained network exported for scoring (standardisation and output scale folded in).</param>
/// <param name="History">Per-epoch losses, rounds, best epoch, hidden-neuron activity.</param>
/// <param name="Device">"CPU" or "CUDA".</param>
internal sealed record MlpTrainingResult(SparseMlpInferenceModel Model, TrainingHistory History, string Device);
