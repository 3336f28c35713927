// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using System.Runtime.CompilerServices;
namespace Microsoft.ML.Sparse.Inference;

/// <summary>An immutable dense row-major matrix: rows are output neurons, columns input neurons.</summary>
internal sealed class DenseMatrix
{
    private readonly float[] _values;

    /// <summary>Wraps <paramref name="values"/> (row-major, length rows·columns; not copied). Values must be finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public DenseMatrix(int rows, int columns, float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (rows < 0 || columns < 0)
            throw new ArgumentException($"Matrix sizes must not be negative, got {rows}x{columns}.");
        if (values.LongLength != (long)rows * columns)
            throw new ArgumentException($"A {rows}x{columns} matrix needs {(long)rows * columns} values, got {values.LongLength}.", nameof(values));
        for (int k = 0; k < values.Length; k++)
            if (!float.IsFinite(values[k]))
                throw new ArgumentException($"Entry {k} of the matrix is {values[k].ToString(CultureInfo.InvariantCulture)}; weights must be finite.", nameof(values));
        Rows = rows;
        Columns = columns;
        _values = values;
    }

    /// <summary>Number of rows (output neurons).</summary>
    public int Rows { get; }

    /// <summary>Number of columns (input neurons).</summary>
    public int Columns { get; }

    /// <summary>The values, row-major.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>Row <paramref name="r"/>.</summary>
    public ReadOnlySpan<float> Row(int r) => _values.AsSpan(r * Columns, Columns);
}
