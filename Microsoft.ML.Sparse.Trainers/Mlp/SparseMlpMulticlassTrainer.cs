// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Runtime;
using Microsoft.ML.Sparse.Mlp;
using Microsoft.ML.Sparse.Persistence;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse;

/// <summary>
/// Multiclass sparse MLP trained with CHTs/CHTss (or the SET, RigL, static and dense baselines). Label: a key type;
/// Features: a known-size Single vector. Outputs Score (class probabilities, slot names = class names) and
/// PredictedLabel (key), so <c>mlContext.MulticlassClassification.Evaluate</c> works unchanged. Create it with
/// <c>mlContext.MulticlassClassification.Trainers.SparseMlp(...)</c>.
/// </summary>
public sealed class SparseMlpMulticlassTrainer : SparseMlpTrainerBase<SparseMulticlassPredictionTransformer>
{
    internal SparseMlpMulticlassTrainer(IHostEnvironment env, SparseMlpOptions options)
        : base(env, options, nameof(SparseMlpMulticlassTrainer))
    {
    }

    private protected override SparsePredictionKind Kind => SparsePredictionKind.MulticlassClassification;

    /// <inheritdoc/>
    public override SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var label = CheckColumns(inputSchema);
        return SchemaShapeHelper.MulticlassOutput(inputSchema, label);
    }

    private protected override SparseMulticlassPredictionTransformer CreateTransformer(SparseMlpTrainingCore.Result result)
        => SparsePredictionTransformerFactory.CreateMulticlass(Environment, result.Scorer, Options.FeatureColumnName, result.Data.LabelColumn);
}
