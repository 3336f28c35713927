// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Trainers;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Core.Training;
using Microsoft.ML.Sparse.Engine.Networks;

namespace Microsoft.ML.Sparse.Mlp;

/// <summary>
/// What either engine needs to train one sparse MLP, prepared by <see cref="SparseMlpTrainingCore"/>: the validated
/// rows, standardised targets (regression), the feature standardisation to apply and fold, the architecture, the loss
/// and the engine settings (which carry the log of the ML.NET channel).
/// </summary>
internal sealed record MlpTrainingJob(
    TrainingData Train,
    TrainingData? Validation,
    float[]? TrainTargets,
    float[]? ValidationTargets,
    InputStandardization? Standardization,
    int[] Hidden,
    int Outputs,
    MlpLoss Loss,
    (float Scale, float Shift) OutputAffine,
    SparseMlpOptions Options,
    TrainingSettings Settings,
    bool SparseInputLayer = true)
{
    /// <summary>Whether CSTI initialisation needs the input correlation.</summary>
    public bool NeedsCorrelation =>
        Options.Topology.Initialization == TopologyInitialization.Correlated && Options.Topology.Method != SparseTrainingMethod.Dense;

    /// <summary>The engine's request for this job (<see cref="MlpTraining"/>): the options resolved into plain values.</summary>
    public MlpTrainingRequest ToRequest() => new(
        new MlpDataRows(Train.Features, Train.RowCount, Train.FeatureCount, Train.ClassIndices, TrainTargets),
        Validation is null ? null : new MlpDataRows(Validation.Features, Validation.RowCount, Validation.FeatureCount, Validation.ClassIndices, ValidationTargets),
        Standardization, Hidden, Outputs, Loss, OutputAffine, SparseInputLayer, Options.SparsifyOutputLayer, Options.Dropout, NeedsCorrelation,
        Options.Device, Options.AllowCpuFallback, Settings);
}
