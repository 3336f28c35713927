// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.Datasets;

/// <summary>
/// One column of a table read from an ARFF or R data file: numeric values (NaN where missing), or a factor (a level
/// index per row, -1 where missing, and the level names).
/// </summary>
public sealed class DataFrameColumn
{
    private DataFrameColumn(string name, double[]? numbers, int[]? codes, IReadOnlyList<string>? levels)
    {
        Name = name;
        Numbers = numbers;
        Codes = codes;
        Levels = levels;
    }

    /// <summary>Column name.</summary>
    public string Name { get; }

    /// <summary>Numeric values (NaN = missing), or null for a factor.</summary>
    public double[]? Numbers { get; }

    /// <summary>Level index of every row (-1 = missing), or null for a numeric column.</summary>
    public int[]? Codes { get; }

    /// <summary>Level names of a factor, or null for a numeric column.</summary>
    public IReadOnlyList<string>? Levels { get; }

    /// <summary>True for a factor (nominal) column.</summary>
    public bool IsFactor => Codes is not null;

    /// <summary>Rows.</summary>
    public int Length => Numbers?.Length ?? Codes!.Length;

    /// <summary>A numeric column.</summary>
    public static DataFrameColumn Numeric(string name, double[] values) => new(name, values, null, null);

    /// <summary>A factor column.</summary>
    public static DataFrameColumn Factor(string name, int[] codes, IReadOnlyList<string> levels) => new(name, null, codes, levels);
}
