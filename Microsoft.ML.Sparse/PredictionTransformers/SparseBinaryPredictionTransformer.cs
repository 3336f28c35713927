// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;

namespace Microsoft.ML.Sparse;

/// <summary>
/// Binary prediction of a sparse network with one output (a logit). Adds <c>Score</c> (the logit),
/// <c>Probability</c> (sigmoid of the logit) and <c>PredictedLabel</c> (logit &gt; 0), annotated like ML.NET's
/// calibrated binary classifiers so that <c>BinaryClassification.Evaluate</c> works.
/// </summary>
public sealed partial class SparseBinaryPredictionTransformer : SparsePredictionTransformerBase
{
    /// <summary>Name of the Probability column.</summary>
    public string ProbabilityColumnName { get; }

    /// <summary>Name of the PredictedLabel column.</summary>
    public string PredictedLabelColumnName { get; }

    private protected override DataViewSchema.DetachedColumn[] GetOutputColumns(DataViewSchema inputSchema)
    {
        uint setId = ScoreAnnotations.NextScoreColumnSetId(inputSchema);
        var predicted = new DataViewSchema.Annotations.Builder();
        ScoreAnnotations.AddText(predicted, ScoreAnnotations.ScoreColumnKind, ScoreAnnotations.BinaryClassification);
        ScoreAnnotations.AddText(predicted, ScoreAnnotations.ScoreValueKind, ScoreAnnotations.PredictedLabel);
        ScoreAnnotations.AddSetId(predicted, setId);

        var score = new DataViewSchema.Annotations.Builder();
        ScoreAnnotations.AddText(score, ScoreAnnotations.ScoreColumnKind, ScoreAnnotations.BinaryClassification);
        ScoreAnnotations.AddSetId(score, setId);
        ScoreAnnotations.AddText(score, ScoreAnnotations.ScoreValueKind, ScoreAnnotations.Score);

        var probability = new DataViewSchema.Annotations.Builder();
        ScoreAnnotations.AddText(probability, ScoreAnnotations.ScoreColumnKind, ScoreAnnotations.BinaryClassification);
        ScoreAnnotations.AddSetId(probability, setId);
        ScoreAnnotations.AddIsNormalized(probability);
        ScoreAnnotations.AddText(probability, ScoreAnnotations.ScoreValueKind, ScoreAnnotations.Probability);
        return new[]
        {
            new DataViewSchema.DetachedColumn(PredictedLabelColumnName, BooleanDataViewType.Instance, predicted.ToAnnotations()),
            new DataViewSchema.DetachedColumn(ScoreColumnName, NumberDataViewType.Single, score.ToAnnotations()),
            new DataViewSchema.DetachedColumn(ProbabilityColumnName, NumberDataViewType.Single, probability.ToAnnotations()),
        };
    }

    private protected override Delegate MakeOutputGetter(int index, ScoredRow row) => index switch
    {
        0 => (ValueGetter<bool>)((ref bool dst) => dst = row.Outputs[0] > 0f),
        1 => (ValueGetter<float>)((ref float dst) => dst = row.Outputs[0]),
        _ => (ValueGetter<float>)((ref float dst) => dst = Sigmoid(row.Outputs[0])),
    };

    /// <summary>1 / (1 + e^-x).</summary>
    internal static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}
