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

    public static VectorDataViewType RequireFeatureVector(DataViewSchema schema, string name)
    {
        var column = RequireColumn(schema, name, "features");
        if (column.Type is VectorDataViewType { ItemType: NumberDataViewType n } v && n.RawType == typeof(float) && v.IsKnownSize)
            return v;
        throw new ArgumentException($"The features column '{name}' must be a known-size vector of Single, but it is {column.Type}. "
            + "Use mlContext.Transforms.Concatenate and Conversion.ConvertType to build one.");
    }
}
