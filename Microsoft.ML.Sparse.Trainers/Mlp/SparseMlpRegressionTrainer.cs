// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Runtime;
using Microsoft.ML.Sparse.Mlp;
using Microsoft.ML.Sparse.Persistence;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse;

/// <summary>
/// Sparse MLP regressor (one output) trained with CHTs/CHTss or a baseline on standardised targets (the scaling is
/// folded back into the output layer, so Score is in the label's units). Label: Single; Features: a known-size Single
/// vector. Create it with <c>mlContext.Regression.Trainers.SparseMlp(...)</c>.
/// </summary>
public sealed class SparseMlpRegressionTrainer : SparseMlpTrainerBase<SparseRegressionPredictionTransformer>
{
    internal SparseMlpRegressionTrainer(IHostEnvironment env, SparseMlpOptions options)
        : base(env, options, nameof(SparseMlpRegressionTrainer))
    {
    }

    private protected override SparsePredictionKind Kind => SparsePredictionKind.Regression;

    /// <inheritdoc/>
    public override SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        CheckColumns(inputSchema);
        return SchemaShapeHelper.RegressionOutput(inputSchema);
    }

    private protected override SparseRegressionPredictionTransformer CreateTransformer(SparseMlpTrainingCore.Result result)
        => SparsePredictionTransformerFactory.CreateRegression(Environment, result.Scorer, Options.FeatureColumnName);
}
