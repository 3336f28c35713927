// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Core.Training;

namespace Microsoft.ML.Sparse.Engine.Networks;

/// <summary>
/// Everything the engine needs to train one sparse MLP, resolved by the trainers: the rows, the standardisation to apply
/// and fold, the architecture, the loss, the output scale to fold (regression), and the engine settings.
/// </summary>
/// <param name="Train">Training rows (with streaming, only the shape is read).</param>
/// <param name="Validation">Validation rows, else null.</param>
/// <param name="Standardization">Feature standardisation applied while training and folded into the first layer, else null.</param>
/// <param name="Hidden">Hidden layer widths.</param>
/// <param name="Outputs">Output width.</param>
/// <param name="Loss">The loss head.</param>
/// <param name="OutputAffine">y = scale·output + shift folded into the output layer for regression.</param>
/// <param name="SparseInputLayer">Whether the first layer is sparse.</param>
/// <param name="SparseOutputLayer">Whether the output layer is sparse.</param>
/// <param name="Dropout">Inverted-dropout rate after every hidden layer.</param>
/// <param name="NeedsCorrelation">Whether CSTI initialisation needs the input correlation.</param>
/// <param name="Device">Requested device (the TorchSharp back-end only).</param>
/// <param name="AllowCpuFallback">Whether CUDA may fall back to the CPU (the TorchSharp back-end only).</param>
/// <param name="Settings">Epochs, optimizer, schedules, topology, seed, threads, progress, log, cancellation.</param>
internal sealed record MlpTrainingRequest(
    MlpDataRows Train,
    MlpDataRows? Validation,
    InputStandardization? Standardization,
    int[] Hidden,
    int Outputs,
    MlpLoss Loss,
    (float Scale, float Shift) OutputAffine,
    bool SparseInputLayer,
    bool SparseOutputLayer,
    double Dropout,
    bool NeedsCorrelation,
    SparseDevice Device,
    bool AllowCpuFallback,
    TrainingSettings Settings);
