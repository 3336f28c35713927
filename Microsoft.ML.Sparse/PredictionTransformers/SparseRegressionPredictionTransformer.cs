// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;

namespace Microsoft.ML.Sparse;

/// <summary>
/// Regression prediction of a sparse network with one output. Adds <c>Score</c>, annotated like ML.NET's regressors
/// so that <c>Regression.Evaluate</c> works.
/// </summary>
public sealed partial class SparseRegressionPredictionTransformer : SparsePredictionTransformerBase
{
    private protected override DataViewSchema.DetachedColumn[] GetOutputColumns(DataViewSchema inputSchema)
    {
        var score = new DataViewSchema.Annotations.Builder();
        ScoreAnnotations.AddSetId(score, ScoreAnnotations.NextScoreColumnSetId(inputSchema));
        ScoreAnnotations.AddText(score, ScoreAnnotations.ScoreColumnKind, ScoreAnnotations.Regression);
        ScoreAnnotations.AddText(score, ScoreAnnotations.ScoreValueKind, ScoreAnnotations.Score);
        return new[] { new DataViewSchema.DetachedColumn(ScoreColumnName, NumberDataViewType.Single, score.ToAnnotations()) };
    }

    private protected override Delegate MakeOutputGetter(int index, ScoredRow row) =>
        (ValueGetter<float>)((ref float dst) => dst = row.Outputs[0]);
}
