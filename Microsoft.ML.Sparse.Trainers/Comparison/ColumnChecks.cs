// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;

namespace Microsoft.ML.Sparse.Comparison;

/// <summary>Schema checks with messages that name the column and the fix.</summary>
internal static class ColumnChecks
{
    public static DataViewSchema.Column RequireColumn(DataViewSchema schema, string name, string role)
    {
        var column = schema.GetColumnOrNull(name);
        if (column is null)
            throw new ArgumentException($"The {role} column '{name}' is not in the data. Columns: {string.Join(", ", schema.Select(c => c.Name))}.");
        return column.Value;
    }

    /// <summary>The input column: a known-size vector of Single, or a String column for text classifiers.</summary>
    public static DataViewType RequireFeatures(DataViewSchema schema, string name)
    {
        var column = RequireColumn(schema, name, "features");
        if (column.Type is VectorDataViewType { ItemType: NumberDataViewType n } v && n.RawType == typeof(float) && v.IsKnownSize)
            return v;
        if (column.Type is TextDataViewType)
            return column.Type;
        throw new ArgumentException($"The features column '{name}' must be a known-size vector of Single, or a String column for text classifiers, but it is {column.Type}. "
            + "Use mlContext.Transforms.Concatenate and Conversion.ConvertType to build a vector.");
    }
}
