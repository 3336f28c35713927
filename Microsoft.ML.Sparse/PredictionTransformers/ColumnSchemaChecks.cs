// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;

namespace Microsoft.ML.Sparse;

/// <summary>
/// Schema checks of the feature, text and label columns, shared by the trainers (at Fit and in GetOutputSchema) and the
/// prediction transformers (when bound to a schema): the column must exist and have the type the task needs, or the
/// error names the column, what it is, and the transform that fixes it. Throws <see cref="ArgumentOutOfRangeException"/>,
/// as ML.NET's schema mismatches do.
/// </summary>
internal static class ColumnSchemaChecks
{

    /// <summary>The feature column, which must be a known-size vector of Single.</summary>
    public static DataViewSchema.Column CheckFeatureColumn(DataViewSchema schema, string featureColumnName)
    {
        var column = FindColumn(schema, featureColumnName, "feature");
        if (column.Type is not VectorDataViewType { IsKnownSize: true, ItemType: NumberDataViewType item } || item.RawType != typeof(float))
            throw new ArgumentOutOfRangeException(nameof(schema), FeatureTypeMessage(featureColumnName, $"{column.Type}"));
        return column;
    }

    /// <summary>The text column, which must be of type Text (string).</summary>
    public static DataViewSchema.Column CheckTextColumn(DataViewSchema schema, string textColumnName)
    {
        var column = FindColumn(schema, textColumnName, "text");
        if (column.Type is not TextDataViewType)
            throw new ArgumentOutOfRangeException(nameof(schema), TextTypeMessage(textColumnName, $"{column.Type}"));
        return column;
    }

    /// <summary>The label column, whose type must suit <paramref name="kind"/>.</summary>
    public static DataViewSchema.Column CheckLabelColumn(DataViewSchema schema, string labelColumnName, SparsePredictionKind kind)
    {
        var column = FindColumn(schema, labelColumnName, "label");
        string? problem = LabelProblem(labelColumnName, kind, $"{column.Type}", column.Type is KeyDataViewType key ? key.Count : null,
            column.Type is BooleanDataViewType, column.Type.RawType == typeof(float) && column.Type is NumberDataViewType);
        if (problem != null)
            throw new ArgumentOutOfRangeException(nameof(schema), problem);
        return column;
    }

    /// <summary>Estimator-time check of the feature column (<c>GetOutputSchema</c>).</summary>
    public static SchemaShape.Column CheckFeatureColumn(SchemaShape schema, string featureColumnName)
    {
        var column = FindColumn(schema, featureColumnName, "feature");
        if (column.Kind != SchemaShape.Column.VectorKind.Vector || column.IsKey || column.ItemType.RawType != typeof(float))
            throw new ArgumentOutOfRangeException(nameof(schema), FeatureTypeMessage(featureColumnName, Describe(column)));
        return column;
    }

    /// <summary>Estimator-time check of the text column.</summary>
    public static SchemaShape.Column CheckTextColumn(SchemaShape schema, string textColumnName)
    {
        var column = FindColumn(schema, textColumnName, "text");
        if (column.Kind != SchemaShape.Column.VectorKind.Scalar || column.ItemType is not TextDataViewType)
            throw new ArgumentOutOfRangeException(nameof(schema), TextTypeMessage(textColumnName, Describe(column)));
        return column;
    }

    /// <summary>Estimator-time check of the label column.</summary>
    public static SchemaShape.Column CheckLabelColumn(SchemaShape schema, string labelColumnName, SparsePredictionKind kind)
    {
        var column = FindColumn(schema, labelColumnName, "label");
        bool scalar = column.Kind == SchemaShape.Column.VectorKind.Scalar;
        string? problem = LabelProblem(labelColumnName, kind, Describe(column), scalar && column.IsKey ? 2UL : null,
            scalar && column.ItemType is BooleanDataViewType, scalar && !column.IsKey && column.ItemType.RawType == typeof(float));
        if (problem != null)
            throw new ArgumentOutOfRangeException(nameof(schema), problem);
        return column;
    }

    private static DataViewSchema.Column FindColumn(DataViewSchema schema, string name, string role)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return schema.GetColumnOrNull(name) ?? throw new ArgumentOutOfRangeException(nameof(schema),
            $"The {role} column '{name}' was not found. Available columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'"))}.");
    }

    private static SchemaShape.Column FindColumn(SchemaShape schema, string name, string role)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentException.ThrowIfNullOrEmpty(name);
        foreach (var column in schema)
            if (column.Name == name)
                return column;
        throw new ArgumentOutOfRangeException(nameof(schema),
            $"The {role} column '{name}' was not found. Available columns: {string.Join(", ", schema.Select(c => $"'{c.Name}'"))}.");
    }

    private static string FeatureTypeMessage(string name, string actual) =>
        $"The feature column '{name}' must be a known-size vector of Single (float), but its type is {actual}. " +
        $"Build it with mlContext.Transforms.Concatenate(\"{name}\", ...) from numeric columns, and convert other numeric types with mlContext.Transforms.Conversion.ConvertType(..., outputKind: DataKind.Single).";

    private static string TextTypeMessage(string name, string actual) =>
        $"The text column '{name}' must be of type String (Text), but its type is {actual}.";

    private static string? LabelProblem(string name, SparsePredictionKind kind, string actual, ulong? keyCount, bool isBoolean, bool isSingle) => kind switch
    {
        SparsePredictionKind.MulticlassClassification when keyCount is null =>
            $"The label column '{name}' must be a key type for multiclass classification, but its type is {actual}. " +
            $"Use mlContext.Transforms.Conversion.MapValueToKey(\"{name}\") before the trainer (and MapKeyToValue(\"PredictedLabel\") after it).",
        SparsePredictionKind.MulticlassClassification when keyCount < 2 =>
            $"The label column '{name}' has {keyCount} class(es); multiclass classification needs at least 2.",
        SparsePredictionKind.BinaryClassification when !isBoolean =>
            $"The label column '{name}' must be Boolean for binary classification, but its type is {actual}. Convert it to Boolean first (e.g. with mlContext.Transforms.Conversion.ConvertType or a CustomMapping).",
        SparsePredictionKind.Regression when !isSingle =>
            $"The label column '{name}' must be Single (float) for regression, but its type is {actual}. " +
            $"Convert it with mlContext.Transforms.Conversion.ConvertType(\"{name}\", outputKind: DataKind.Single).",
        _ => null,
    };

    private static string Describe(SchemaShape.Column column) => column.Kind switch
    {
        SchemaShape.Column.VectorKind.Scalar => column.IsKey ? $"Key<{column.ItemType}>" : $"{column.ItemType}",
        SchemaShape.Column.VectorKind.Vector => $"Vector<{column.ItemType}>",
        _ => $"variable-size Vector<{column.ItemType}>",
    };
}
