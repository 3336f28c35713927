// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Runtime;
using Microsoft.ML.Sparse.Mlp;
using Microsoft.ML.Sparse.Persistence;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse;

/// <summary>
/// Binary sparse MLP (one output logit) trained with CHTs/CHTss or a baseline. Label: Boolean; Features: a known-size
/// Single vector. Outputs Score (logit), Probability (sigmoid) and PredictedLabel, so
/// <c>mlContext.BinaryClassification.Evaluate</c> works unchanged. Create it with
/// <c>mlContext.BinaryClassification.Trainers.SparseMlp(...)</c>.
/// </summary>
public sealed class SparseMlpBinaryTrainer : SparseMlpTrainerBase<SparseBinaryPredictionTransformer>
{
    internal SparseMlpBinaryTrainer(IHostEnvironment env, SparseMlpOptions options)
        : base(env, options, nameof(SparseMlpBinaryTrainer))
    {
    }

    private protected override SparsePredictionKind Kind => SparsePredictionKind.BinaryClassification;

    /// <inheritdoc/>
    public override SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        CheckColumns(inputSchema);
        return SchemaShapeHelper.BinaryOutput(inputSchema);
    }

    private protected override SparseBinaryPredictionTransformer CreateTransformer(SparseMlpTrainingCore.Result result)
        => SparsePredictionTransformerFactory.CreateBinary(Environment, result.Scorer, Options.FeatureColumnName);
}
