// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using System.Runtime.CompilerServices;
namespace Microsoft.ML.Sparse.Inference;

/// <summary>
/// An immutable sparse matrix in compressed sparse row (CSR) form. Rows are output neurons and columns input
/// neurons (the PyTorch <c>Linear</c> layout). Column indices are stored as 16-bit values when the matrix has at
/// most 65536 columns (halving their memory and bandwidth) and as 32-bit values otherwise. Within a row the
/// column indices are strictly increasing.
/// </summary>
internal sealed class CsrMatrix
{
    private readonly int[] _rowPointers;
    private readonly ushort[]? _columns16;
    private readonly int[]? _columns32;
    private readonly float[] _values;

    // Index and value arrays carry Padding extra entries (column 0, value 0) after the last row, so that SIMD kernels
    // may load a full vector at the end of any row; the spans below expose only the real entries.
    private CsrMatrix(int rows, int columns, int[] rowPointers, ushort[]? columns16, int[]? columns32, float[] values)
    {
        Rows = rows;
        Columns = columns;
        _rowPointers = rowPointers;
        _columns16 = columns16;
        _columns32 = columns32;
        _values = values;
        NonZeroCount = values.Length - Padding;
    }

    /// <summary>Zero entries stored after the last real entry (one AVX2 vector).</summary>
    internal const int Padding = 8;

    /// <summary>Largest column count for which 16-bit column indices are used.</summary>
    public const int MaxColumnsFor16BitIndices = ushort.MaxValue + 1;

    /// <summary>Number of rows (output neurons).</summary>
    public int Rows { get; }

    /// <summary>Number of columns (input neurons).</summary>
    public int Columns { get; }

    /// <summary>Number of stored entries.</summary>
    public int NonZeroCount { get; }

    /// <summary>True when column indices are stored as 16-bit values.</summary>
    public bool Uses16BitIndices => _columns16 != null;

    /// <summary>Row pointers, length <see cref="Rows"/> + 1: row r spans entries [p[r], p[r+1]).</summary>
    public ReadOnlySpan<int> RowPointers => _rowPointers;

    /// <summary>Stored values, length <see cref="NonZeroCount"/>.</summary>
    public ReadOnlySpan<float> Values => _values.AsSpan(0, NonZeroCount);

    /// <summary>Values followed by <see cref="Padding"/> zeros (for SIMD kernels).</summary>
    internal ReadOnlySpan<float> PaddedValues => _values;

    /// <summary>16-bit indices followed by <see cref="Padding"/> zeros (for SIMD kernels).</summary>
    internal ReadOnlySpan<ushort> PaddedColumnIndices16 => _columns16;

    /// <summary>32-bit indices followed by <see cref="Padding"/> zeros (for SIMD kernels).</summary>
    internal ReadOnlySpan<int> PaddedColumnIndices32 => _columns32;

    /// <summary>16-bit column indices (empty when <see cref="Uses16BitIndices"/> is false).</summary>
    public ReadOnlySpan<ushort> ColumnIndices16 => _columns16 is null ? default : _columns16.AsSpan(0, NonZeroCount);

    /// <summary>32-bit column indices (empty when <see cref="Uses16BitIndices"/> is true).</summary>
    public ReadOnlySpan<int> ColumnIndices32 => _columns32 is null ? default : _columns32.AsSpan(0, NonZeroCount);

    /// <summary>The column index of stored entry <paramref name="k"/>.</summary>
    public int ColumnAt(int k) => _columns16 != null ? _columns16[k] : _columns32![k];

    /// <summary>
    /// Creates a matrix from 32-bit column indices, validating the structure; the indices are narrowed to 16 bits
    /// when <paramref name="columns"/> allows it. Throws <see cref="ArgumentException"/> describing the first defect.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static CsrMatrix Create(int rows, int columns, int[] rowPointers, int[] columnIndices, float[] values)
    {
        ArgumentNullException.ThrowIfNull(columnIndices);
        Validate(rows, columns, rowPointers, columnIndices.Length, values, k => columnIndices[k]);
        if (columns <= MaxColumnsFor16BitIndices)
        {
            var narrow = new ushort[columnIndices.Length + Padding];
            for (int k = 0; k < columnIndices.Length; k++)
                narrow[k] = (ushort)columnIndices[k];
            return new CsrMatrix(rows, columns, (int[])rowPointers.Clone(), narrow, null, Padded(values));
        }
        return new CsrMatrix(rows, columns, (int[])rowPointers.Clone(), null, Padded(columnIndices), Padded(values));
    }

    /// <summary>Creates a matrix from 16-bit column indices (requires at most 65536 columns), validating the structure.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static CsrMatrix Create(int rows, int columns, int[] rowPointers, ushort[] columnIndices, float[] values)
    {
        ArgumentNullException.ThrowIfNull(columnIndices);
        if (columns > MaxColumnsFor16BitIndices)
            throw new ArgumentException($"16-bit column indices need at most {MaxColumnsFor16BitIndices} columns, the matrix has {columns}.", nameof(columnIndices));
        Validate(rows, columns, rowPointers, columnIndices.Length, values, k => columnIndices[k]);
        return new CsrMatrix(rows, columns, (int[])rowPointers.Clone(), Padded(columnIndices), null, Padded(values));
    }

    private static T[] Padded<T>(T[] values) where T : struct
    {
        var padded = new T[values.Length + Padding];
        values.CopyTo(padded, 0);
        return padded;
    }

    /// <summary>Builds the CSR form of a dense row-major matrix, keeping the entries where <paramref name="keep"/> is true.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static CsrMatrix FromDense(int rows, int columns, ReadOnlySpan<float> values, Func<int, int, bool> keep)
    {
        var rowPointers = new int[rows + 1];
        var cols = new List<int>();
        var vals = new List<float>();
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                if (!keep(r, c))
                    continue;
                cols.Add(c);
                vals.Add(values[r * columns + c]);
            }
            rowPointers[r + 1] = cols.Count;
        }
        return Create(rows, columns, rowPointers, cols.ToArray(), vals.ToArray());
    }

    /// <summary>The dense row-major copy of this matrix (absent entries are 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public float[] ToDense()
    {
        var dense = new float[(long)Rows * Columns];
        for (int r = 0; r < Rows; r++)
            for (int k = _rowPointers[r]; k < _rowPointers[r + 1]; k++)
                dense[(long)r * Columns + ColumnAt(k)] = _values[k];   // k < NonZeroCount
        return dense;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Validate(int rows, int columns, int[] rowPointers, int indexCount, float[] values, Func<int, int> column)
    {
        ArgumentNullException.ThrowIfNull(rowPointers);
        ArgumentNullException.ThrowIfNull(values);
        if (rows < 0 || columns < 0)
            throw new ArgumentException($"Matrix sizes must not be negative, got {rows}x{columns}.");
        if (rowPointers.Length != rows + 1)
            throw new ArgumentException($"Expected {rows + 1} row pointers, got {rowPointers.Length}.", nameof(rowPointers));
        if (indexCount != values.Length)
            throw new ArgumentException($"{indexCount} column indices but {values.Length} values.", nameof(values));
        if (rowPointers[0] != 0)
            throw new ArgumentException($"The first row pointer must be 0, got {rowPointers[0]}.", nameof(rowPointers));
        if (rowPointers[rows] != values.Length)
            throw new ArgumentException($"The last row pointer must equal the number of entries ({values.Length}), got {rowPointers[rows]}.", nameof(rowPointers));
        for (int r = 0; r < rows; r++)
        {
            int start = rowPointers[r], end = rowPointers[r + 1];
            if (end < start)
                throw new ArgumentException($"Row pointers must not decrease: row {r} spans [{start}, {end}).", nameof(rowPointers));
            if (end - start > columns)
                throw new ArgumentException($"Row {r} has {end - start} entries but the matrix has only {columns} columns.", nameof(rowPointers));
            int previous = -1;
            for (int k = start; k < end; k++)
            {
                int c = column(k);
                if (c < 0 || c >= columns)
                    throw new ArgumentException($"Column index {c} of row {r} is outside [0, {columns}).", nameof(rowPointers));
                if (c <= previous)
                    throw new ArgumentException($"Column indices of row {r} must be strictly increasing ({previous} then {c}).", nameof(rowPointers));
                previous = c;
            }
        }
        for (int k = 0; k < values.Length; k++)
            if (!float.IsFinite(values[k]))
                throw new ArgumentException($"Entry {k} of the matrix is {values[k].ToString(CultureInfo.InvariantCulture)}; weights must be finite.", nameof(values));
    }
}
