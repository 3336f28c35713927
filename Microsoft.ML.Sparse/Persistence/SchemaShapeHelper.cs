// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;

namespace Microsoft.ML.Sparse.Persistence;

/// <summary>
/// Builds <see cref="SchemaShape"/> columns for the estimators' <c>GetOutputSchema(SchemaShape)</c>
/// (<see cref="SchemaShape.Column"/>'s constructor is internal to ML.NET). The shapes match what the sparse
/// prediction transformers produce and what ML.NET's own trainers declare.
/// </summary>
internal static class SchemaShapeHelper
{
    /// <summary>Any column shape.</summary>
    public static SchemaShape.Column Column(string name, SchemaShape.Column.VectorKind kind, DataViewType itemType, bool isKey, SchemaShape? annotations = null)
        => new(name, kind, itemType, isKey, annotations);

    /// <summary>The shape of a data view's schema.</summary>
    public static SchemaShape FromSchema(DataViewSchema schema) => SchemaShape.Create(schema);

    /// <summary>The column named <paramref name="name"/>, if any.</summary>
    public static bool TryFindColumn(SchemaShape shape, string name, out SchemaShape.Column column) => shape.TryFindColumn(name, out column);

    /// <summary>Score of a multiclass model: Single vector with slot names / training label values from the label's key values.</summary>
    public static SchemaShape.Column MulticlassScore(SchemaShape.Column labelColumn, string name = ScoreAnnotations.Score)
        => new(name, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false, new SchemaShape(AnnotationUtils.AnnotationsForMulticlassScoreColumn(labelColumn)));

    /// <summary>PredictedLabel of a multiclass model: UInt32 key with the label's key values.</summary>
    public static SchemaShape.Column MulticlassPredictedLabel(SchemaShape.Column labelColumn, string name = ScoreAnnotations.PredictedLabel)
    {
        var annotations = new SchemaShape(labelColumn.Annotations.Where(a => a.Name == ScoreAnnotations.KeyValues).Concat(AnnotationUtils.GetTrainerOutputAnnotation()));
        return new(name, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.UInt32, true, annotations);
    }

    /// <summary>Score of a binary classifier (the logit).</summary>
    public static SchemaShape.Column BinaryScore(string name = ScoreAnnotations.Score)
        => new(name, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false, new SchemaShape(AnnotationUtils.GetTrainerOutputAnnotation()));

    /// <summary>Probability of a binary classifier.</summary>
    public static SchemaShape.Column BinaryProbability(string name = ScoreAnnotations.Probability)
        => new(name, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false, new SchemaShape(AnnotationUtils.GetTrainerOutputAnnotation(isNormalized: true)));

    /// <summary>PredictedLabel of a binary classifier.</summary>
    public static SchemaShape.Column BinaryPredictedLabel(string name = ScoreAnnotations.PredictedLabel)
        => new(name, SchemaShape.Column.VectorKind.Scalar, BooleanDataViewType.Instance, false, new SchemaShape(AnnotationUtils.GetTrainerOutputAnnotation()));

    /// <summary>Score of a regressor.</summary>
    public static SchemaShape.Column RegressionScore(string name = ScoreAnnotations.Score)
        => new(name, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false, new SchemaShape(AnnotationUtils.GetTrainerOutputAnnotation()));

    /// <summary><paramref name="input"/> with <paramref name="columns"/> added (replacing columns of the same name), as trainers' GetOutputSchema returns.</summary>
    public static SchemaShape WithColumns(SchemaShape input, params SchemaShape.Column[] columns)
    {
        ArgumentNullException.ThrowIfNull(input);
        var result = input.ToDictionary(c => c.Name);
        foreach (var column in columns)
            result[column.Name] = column;
        return new SchemaShape(result.Values);
    }

    /// <summary>Output schema of a multiclass trainer: input + Score + PredictedLabel.</summary>
    public static SchemaShape MulticlassOutput(SchemaShape input, SchemaShape.Column labelColumn,
        string scoreColumnName = ScoreAnnotations.Score, string predictedLabelColumnName = ScoreAnnotations.PredictedLabel)
        => WithColumns(input, MulticlassScore(labelColumn, scoreColumnName), MulticlassPredictedLabel(labelColumn, predictedLabelColumnName));

    /// <summary>Output schema of a binary trainer: input + Score + Probability + PredictedLabel.</summary>
    public static SchemaShape BinaryOutput(SchemaShape input, string scoreColumnName = ScoreAnnotations.Score,
        string probabilityColumnName = ScoreAnnotations.Probability, string predictedLabelColumnName = ScoreAnnotations.PredictedLabel)
        => WithColumns(input, BinaryScore(scoreColumnName), BinaryProbability(probabilityColumnName), BinaryPredictedLabel(predictedLabelColumnName));

    /// <summary>Output schema of a regression trainer: input + Score.</summary>
    public static SchemaShape RegressionOutput(SchemaShape input, string scoreColumnName = ScoreAnnotations.Score)
        => WithColumns(input, RegressionScore(scoreColumnName));
}
