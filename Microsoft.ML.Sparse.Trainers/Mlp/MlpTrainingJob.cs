// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Networks;
using Microsoft.ML.Sparse.Engine.Training;
using Microsoft.ML.Sparse.Trainers;

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
}
