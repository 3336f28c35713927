// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.Datasets;

/// <summary>
/// A table of named columns, as read from an ARFF file (<see cref="ArffReader"/>) or an R data file
/// (<see cref="RDataReader"/>), turned into a feature matrix the way an ML.NET pipeline would: numeric columns as they
/// are (missing values replaced by the column mean, like ReplaceMissingValues), factors one-hot encoded (a two-level
/// factor becomes one 0/1 input; a missing level gives all zeros, like OneHotEncoding of an unseen value).
/// </summary>
public sealed class DataFrame
{
    /// <summary>Creates a frame; every column must have the same number of rows.</summary>
    public DataFrame(string name, IReadOnlyList<DataFrameColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
            throw new InvalidDataException($"{name}: the table has no columns.");
        int rows = columns[0].Length;
        foreach (var c in columns)
            if (c.Length != rows)
                throw new InvalidDataException($"{name}: column '{c.Name}' has {c.Length} rows, '{columns[0].Name}' has {rows}.");
        Name = name;
        Columns = columns;
    }

    /// <summary>Table name.</summary>
    public string Name { get; }

    /// <summary>The columns in file order.</summary>
    public IReadOnlyList<DataFrameColumn> Columns { get; }

    /// <summary>Rows.</summary>
    public int RowCount => Columns[0].Length;

    /// <summary>The column called <paramref name="name"/> (case-insensitive).</summary>
    public DataFrameColumn this[string name] =>
        Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new KeyNotFoundException($"{Name}: no column '{name}'; columns: {string.Join(", ", Columns.Select(c => c.Name))}.");

    /// <summary>
    /// Every column but <paramref name="target"/> (and <paramref name="exclude"/>) as features, one row per table row:
    /// numeric columns as values, factors one-hot.
    /// </summary>
    public float[][] Features(string target, params string[] exclude)
    {
        var inputs = Columns.Where(c => !string.Equals(c.Name, target, StringComparison.OrdinalIgnoreCase)
                                        && !exclude.Contains(c.Name, StringComparer.OrdinalIgnoreCase)).ToList();
        int width = inputs.Sum(Width);
        var x = new float[RowCount][];
        for (int r = 0; r < RowCount; r++)
            x[r] = new float[width];
        int offset = 0;
        foreach (var c in inputs)
        {
            if (c.Numbers is { } values)
            {
                var present = values.Where(double.IsFinite).ToArray();
                double mean = present.Length > 0 ? present.Average() : 0;
                for (int r = 0; r < RowCount; r++)
                    x[r][offset] = (float)(double.IsFinite(values[r]) ? values[r] : mean);
            }
            else if (c.Levels!.Count == 2)
            {
                for (int r = 0; r < RowCount; r++)
                    x[r][offset] = c.Codes![r] == 1 ? 1f : 0f;
            }
            else
            {
                for (int r = 0; r < RowCount; r++)
                    if (c.Codes![r] >= 0)
                        x[r][offset + c.Codes[r]] = 1f;
            }
            offset += Width(c);
        }
        return x;
    }

    /// <summary>The level index of every row of the factor <paramref name="target"/> (rows with a missing label are an error).</summary>
    public int[] ClassLabels(string target)
    {
        var c = this[target];
        if (!c.IsFactor)
            throw new InvalidDataException($"{Name}: column '{target}' is numeric, not a class label.");
        int missing = Array.IndexOf(c.Codes!, -1);
        if (missing >= 0)
            throw new InvalidDataException($"{Name}: row {missing} has no value for the label '{target}'.");
        return c.Codes!.ToArray();
    }

    /// <summary>The numeric values of <paramref name="target"/>.</summary>
    public float[] Targets(string target)
    {
        var c = this[target];
        if (c.Numbers is null)
            throw new InvalidDataException($"{Name}: column '{target}' is a factor, not a numeric target.");
        return c.Numbers.Select(v => (float)v).ToArray();
    }

    private static int Width(DataFrameColumn c) => !c.IsFactor ? 1 : c.Levels!.Count == 2 ? 1 : c.Levels.Count;
}
