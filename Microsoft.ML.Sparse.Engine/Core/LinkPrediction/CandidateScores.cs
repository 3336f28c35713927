// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Core.LinkPrediction;

/// <summary>
/// The non-links of one [rows × columns] layer that have a positive regrowth score, in CSR form: the candidates of
/// row r are <c>ColumnIndices[RowPointers[r] .. RowPointers[r + 1])</c>, strictly increasing within a row, with
/// their scores at the same positions of <see cref="Scores"/>. Existing links and zero-score non-links are absent,
/// so every stored score is strictly positive.
/// </summary>
internal sealed class CandidateScores
{
    /// <summary>Wraps CSR arrays (not copied) after checking their lengths.</summary>
    /// <param name="rows">Output neurons of the layer.</param>
    /// <param name="columns">Input neurons of the layer.</param>
    /// <param name="rowPointers">Row pointers, length <paramref name="rows"/> + 1, from 0 to the candidate count.</param>
    /// <param name="columnIndices">Column of every candidate, increasing within a row.</param>
    /// <param name="scores">Score of every candidate (&gt; 0), aligned with <paramref name="columnIndices"/>.</param>
    public CandidateScores(int rows, int columns, int[] rowPointers, int[] columnIndices, float[] scores)
    {
        ArgumentNullException.ThrowIfNull(rowPointers);
        ArgumentNullException.ThrowIfNull(columnIndices);
        ArgumentNullException.ThrowIfNull(scores);
        if (rows < 1 || columns < 1)
            throw new ArgumentOutOfRangeException(nameof(rows), $"A layer needs positive sizes, got {rows}x{columns}.");
        if (rowPointers.Length != rows + 1 || rowPointers[0] != 0 || rowPointers[rows] != columnIndices.Length)
            throw new ArgumentException($"Row pointers must have {rows + 1} entries from 0 to {columnIndices.Length}.", nameof(rowPointers));
        if (scores.Length != columnIndices.Length)
            throw new ArgumentException($"{scores.Length} scores for {columnIndices.Length} candidates.", nameof(scores));
        Rows = rows;
        Columns = columns;
        RowPointers = rowPointers;
        ColumnIndices = columnIndices;
        Scores = scores;
    }

    /// <summary>Output neurons.</summary>
    public int Rows { get; }

    /// <summary>Input neurons.</summary>
    public int Columns { get; }

    /// <summary>CSR row pointers, length <see cref="Rows"/> + 1.</summary>
    public int[] RowPointers { get; }

    /// <summary>Column of every candidate, increasing within a row.</summary>
    public int[] ColumnIndices { get; }

    /// <summary>Score of every candidate, strictly positive, aligned with <see cref="ColumnIndices"/>.</summary>
    public float[] Scores { get; }

    /// <summary>Number of candidates (non-links with a positive score).</summary>
    public int Count => ColumnIndices.Length;

    /// <summary>Candidates in one row.</summary>
    public int RowCount(int row) => RowPointers[row + 1] - RowPointers[row];
}
