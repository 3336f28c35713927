// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;

namespace Microsoft.ML.Sparse.Engine.Core.Kernels;

/// <summary>
/// The links of one [rows × columns] layer in CSR form (rows are output neurons, columns input neurons, as in
/// PyTorch's weight layout): the links of row r are <c>ColumnIndices[RowPointers[r] .. RowPointers[r + 1])</c>,
/// strictly increasing within a row. The structure every managed topology step reads and writes.
/// </summary>
internal sealed class LinkPattern
{
    private (int[] Pointers, int[] Rows, int[] Links)? _columnView;

    /// <summary>Wraps CSR arrays (not copied) after checking them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public LinkPattern(int rows, int columns, int[] rowPointers, int[] columnIndices)
    {
        ArgumentNullException.ThrowIfNull(rowPointers);
        ArgumentNullException.ThrowIfNull(columnIndices);
        if (rows < 1 || columns < 1)
            throw new ArgumentOutOfRangeException(nameof(rows), $"A layer needs positive sizes, got {rows}x{columns}.");
        if (rowPointers.Length != rows + 1 || rowPointers[0] != 0 || rowPointers[rows] != columnIndices.Length)
            throw new ArgumentException($"Row pointers must have {rows + 1} entries from 0 to {columnIndices.Length}.", nameof(rowPointers));
        for (int r = 0; r < rows; r++)
        {
            int start = rowPointers[r], end = rowPointers[r + 1];
            if (end < start)
                throw new ArgumentException($"Row pointers decrease at row {r}.", nameof(rowPointers));
            for (int k = start; k < end; k++)
            {
                int c = columnIndices[k];
                if ((uint)c >= (uint)columns || (k > start && c <= columnIndices[k - 1]))
                    throw new ArgumentException($"Row {r}: column indices must be increasing and in [0, {columns}); found {c}.", nameof(columnIndices));
            }
        }
        Rows = rows;
        Columns = columns;
        RowPointers = rowPointers;
        ColumnIndices = columnIndices;
    }

    /// <summary>Output neurons.</summary>
    public int Rows { get; }

    /// <summary>Input neurons.</summary>
    public int Columns { get; }

    /// <summary>CSR row pointers, length <see cref="Rows"/> + 1.</summary>
    public int[] RowPointers { get; }

    /// <summary>Column of every link, increasing within a row.</summary>
    public int[] ColumnIndices { get; }

    /// <summary>Number of links.</summary>
    public int LinkCount => ColumnIndices.Length;

    /// <summary>Links per row.</summary>
    public int RowDegree(int row) => RowPointers[row + 1] - RowPointers[row];

    /// <summary>The index of the link (row, column) in CSR order, or a negative number when there is none.</summary>
    public int IndexOf(int row, int column) => Array.BinarySearch(ColumnIndices, RowPointers[row], RowDegree(row), column);

    /// <summary>Whether the flat position row·columns + column is a link.</summary>
    public bool Contains(long flat) => IndexOf((int)(flat / Columns), (int)(flat % Columns)) >= 0;

    /// <summary>Flat indices row·columns + column of every link, in CSR order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long[] ToFlatIndices()
    {
        var flat = new long[LinkCount];
        for (int r = 0; r < Rows; r++)
            for (int k = RowPointers[r]; k < RowPointers[r + 1]; k++)
                flat[k] = (long)r * Columns + ColumnIndices[k];
        return flat;
    }

    /// <summary>The pattern of the given flat indices (any order, no duplicates).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static LinkPattern FromFlatIndices(int rows, int columns, ReadOnlySpan<long> flatIndices)
    {
        var sorted = flatIndices.ToArray();
        Array.Sort(sorted);
        var pointers = new int[rows + 1];
        var cols = new int[sorted.Length];
        for (int k = 0; k < sorted.Length; k++)
        {
            long f = sorted[k];
            if (f < 0 || f >= (long)rows * columns || (k > 0 && f == sorted[k - 1]))
                throw new ArgumentException($"Flat index {f} is out of range or repeated for a {rows}x{columns} layer.", nameof(flatIndices));
            pointers[f / columns + 1]++;
            cols[k] = (int)(f % columns);
        }
        for (int r = 0; r < rows; r++)
            pointers[r + 1] += pointers[r];
        return new LinkPattern(rows, columns, pointers, cols);
    }

    /// <summary>All rows × columns links.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static LinkPattern Full(int rows, int columns)
    {
        var pointers = new int[rows + 1];
        var cols = new int[checked(rows * columns)];
        for (int r = 0; r < rows; r++)
        {
            pointers[r + 1] = (r + 1) * columns;
            for (int c = 0; c < columns; c++)
                cols[r * columns + c] = c;
        }
        return new LinkPattern(rows, columns, pointers, cols);
    }

    /// <summary>
    /// The CSC view, built once per pattern: for each column c, the links entering it at
    /// <c>[Pointers[c], Pointers[c + 1])</c> with their rows (increasing) and their indices in CSR order (into the
    /// weight arrays). Build it on one thread before several threads read it.
    /// </summary>
    public (int[] Pointers, int[] Rows, int[] Links) ColumnView => _columnView ??= BuildColumnView();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (int[] Pointers, int[] Rows, int[] Links) BuildColumnView()
    {
        var pointers = new int[Columns + 1];
        foreach (int c in ColumnIndices)
            pointers[c + 1]++;
        for (int c = 0; c < Columns; c++)
            pointers[c + 1] += pointers[c];
        var next = pointers.AsSpan(0, Columns).ToArray();
        var rows = new int[LinkCount];
        var links = new int[LinkCount];
        for (int r = 0; r < Rows; r++)
            for (int k = RowPointers[r]; k < RowPointers[r + 1]; k++)
            {
                int slot = next[ColumnIndices[k]]++;
                rows[slot] = r;
                links[slot] = k;
            }
        return (pointers, rows, links);
    }

    /// <summary>For each column, the rows linked to it, increasing (the CSC view): (column pointers, row indices).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (int[] ColumnPointers, int[] RowIndices) Transpose()
    {
        var pointers = new int[Columns + 1];
        foreach (int c in ColumnIndices)
            pointers[c + 1]++;
        for (int c = 0; c < Columns; c++)
            pointers[c + 1] += pointers[c];
        var next = pointers.AsSpan(0, Columns).ToArray();
        var rows = new int[LinkCount];
        for (int r = 0; r < Rows; r++)
            for (int k = RowPointers[r]; k < RowPointers[r + 1]; k++)
                rows[next[ColumnIndices[k]]++] = r;
        return (pointers, rows);
    }
}
