// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Runtime;
using Microsoft.ML.Sparse.Mlp;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse;

/// <summary>
/// Base of the sparse MLP trainers: validates the options when created, trains on <see cref="SparseTrainerBase{TOptions, TTransformer}.Fit"/> and returns a
/// prediction transformer that scores with managed CSR kernels (no TorchSharp needed to score or load it).
/// </summary>
/// <typeparam name="TTransformer">The prediction transformer the trainer returns.</typeparam>
public abstract class SparseMlpTrainerBase<TTransformer> : SparseTrainerBase<SparseMlpOptions, TTransformer>
    where TTransformer : SparsePredictionTransformerBase
{
    private protected SparseMlpTrainerBase(IHostEnvironment env, SparseMlpOptions options, string name)
        : base(env, options, name)
    {
    }

    private protected abstract SparsePredictionKind Kind { get; }

    /// <summary>
    /// Trains a sparse MLP: reads every row into memory (or streams it in blocks, <see cref="SparseMlpOptions.StreamingBlockRows"/>), checks it (finite features, known labels), fills unset options
    /// from the data (<see cref="SparseMlpDefaults"/>), trains and exports the network.
    /// </summary>
    private protected override TTransformer FitCore(IDataView input)
    {
        var result = SparseMlpTrainingCore.Train(Environment, Options, input, Kind, Name);
        var model = CreateTransformer(result);
        model.TrainingSummary = new SparseTrainingSummary(result.History, result.Device, result.Engine, ResolvedSettings(result), result.HoldoutRows);
        return model;
    }

    private static ResolvedMlpSettings ResolvedSettings(SparseMlpTrainingCore.Result result)
    {
        var resolved = result.Resolved;
        return new(resolved.Topology.Method == SparseTrainingMethod.Dense ? 1.0 : resolved.Topology.Density, resolved.HiddenLayerSizes,
            resolved.LearningRate, resolved.FeatureStandardization, resolved.FeatureEncoding, resolved.SparsifyInputLayer ?? true, result.Choices);
    }

    private protected abstract TTransformer CreateTransformer(SparseMlpTrainingCore.Result result);

    /// <summary>Estimator-time checks of the feature and label columns.</summary>
    private protected SchemaShape.Column CheckColumns(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ColumnSchemaChecks.CheckFeatureColumn(inputSchema, Options.FeatureColumnName);
        return ColumnSchemaChecks.CheckLabelColumn(inputSchema, Options.LabelColumnName, Kind);
    }
}
