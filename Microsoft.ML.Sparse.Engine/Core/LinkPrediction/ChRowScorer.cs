// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;
using Microsoft.ML.Sparse.Engine.Core.Kernels;

namespace Microsoft.ML.Sparse.Engine.Core.LinkPrediction;

/// <summary>
/// Row source of the node-based CH-L3n scores S = (A_o M + M A_iᵀ) ⊙ (1 − M), one output row u at a time, from the
/// sparse structure only (dense scratch of one row's length, never a whole out×out, in×in or out×in matrix):
/// <list type="number">
/// <item>P_o[u, a] for every output a: one count per input j linked to both u and a (row u, then column j's CSC list);</item>
/// <item>S1[u, v] = Σ_a A_o[u, a]·M[a, v]: for each a ≠ u with P_o[u, a] ≠ 0 (a increasing), A_o[u, a] is added to
/// every link v of row a;</item>
/// <item>S2[u, v] = Σ_b M[u, b]·A_i[v, b]: for each link b of row u (increasing), A_i[·, b] (precomputed by
/// <see cref="ChInputPairWeights"/>) is added to its inputs v;</item>
/// <item>the links of u are zeroed and every other nonzero column is written, column increasing.</item>
/// </list>
/// The pair weights are the float32 values of the matrix form; the sums are accumulated in double in the fixed order
/// above and rounded to float32 once, so each row depends only on the pattern (not on the thread that computes it)
/// and is within float32 summation error of the matrix form. The diagonal terms a = u and v = b are skipped: they
/// only reach existing links. Rows whose work is at least half the accumulator length scan the whole accumulator;
/// sparser rows mark what they touch (<see cref="ScatterKernels"/>); both give the same values.
/// </summary>
internal sealed class ChRowScorer : ISparseRowSource
{
    /// <summary>CSR row pointers of the pattern.</summary>
    private readonly int[] _rowPointers;
    /// <summary>CSR column indices of the pattern.</summary>
    private readonly int[] _columnIndices;
    /// <summary>CSC column pointers of the pattern.</summary>
    private readonly int[] _columnPointers;
    /// <summary>CSC row indices of the pattern.</summary>
    private readonly int[] _rowIndices;
    /// <summary>Start of each input b's entries of A_i.</summary>
    private readonly int[] _weightPointers;
    /// <summary>The inputs v of the A_i entries.</summary>
    private readonly int[] _weightInputs;
    /// <summary>The values A_i[v, b].</summary>
    private readonly float[] _weights;
    /// <summary>CH2-L3n weights when true, CH3-L3n otherwise.</summary>
    private readonly bool _ch2;
    /// <summary>Output neurons.</summary>
    private readonly int _rows;
    /// <summary>Input neurons.</summary>
    private readonly int _columns;
    /// <summary>P_o[u, a] of the current row, zero between rows.</summary>
    private readonly int[] _common;
    /// <summary>Bit a set when <see cref="_common"/>[a] was counted (sparse rows only).</summary>
    private readonly ulong[] _touchedRows;
    /// <summary>The outputs a with P_o[u, a] ≠ 0, then those kept (a ≠ u).</summary>
    private readonly int[] _pairRows;
    /// <summary>P_o[u, a] of <see cref="_pairRows"/>.</summary>
    private readonly int[] _pairCounts;
    /// <summary>A_o[u, a] of the kept <see cref="_pairRows"/>.</summary>
    private readonly double[] _pairWeights;
    /// <summary>S1 + S2 of the current row, zero between rows.</summary>
    private readonly double[] _sums;
    /// <summary>Bit v set when <see cref="_sums"/>[v] was added to (sparse rows only).</summary>
    private readonly ulong[] _touchedColumns;

    /// <summary>A source (with its own scratch) over the pattern, its CSC view and the input-side pair weights.</summary>
    /// <param name="pattern">The layer's links.</param>
    /// <param name="columnPointers">CSC column pointers of <paramref name="pattern"/>.</param>
    /// <param name="rowIndices">CSC row indices of <paramref name="pattern"/>.</param>
    /// <param name="inputWeights">A_i by input b, from <see cref="ChInputPairWeights"/>.</param>
    /// <param name="ch2">CH2-L3n weights when true, CH3-L3n otherwise.</param>
    public ChRowScorer(LinkPattern pattern, int[] columnPointers, int[] rowIndices,
        (int[] Pointers, int[] Indices, float[] Values) inputWeights, bool ch2)
    {
        _rowPointers = pattern.RowPointers;
        _columnIndices = pattern.ColumnIndices;
        _columnPointers = columnPointers;
        _rowIndices = rowIndices;
        (_weightPointers, _weightInputs, _weights) = inputWeights;
        _ch2 = ch2;
        _rows = pattern.Rows;
        _columns = pattern.Columns;
        _common = new int[_rows];
        _touchedRows = new ulong[ScatterKernels.Words(_rows)];
        _pairRows = new int[_rows];
        _pairCounts = new int[_rows];
        _pairWeights = new double[_rows];
        _sums = new double[_columns];
        _touchedColumns = new ulong[ScatterKernels.Words(_columns)];
    }

    /// <summary>Writes the candidates of output <paramref name="row"/> = u with their scores, column increasing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public unsafe void WriteRow(int row, SparseRowBuffer output)
    {
        int u = row;
        int uStart = _rowPointers[u], uEnd = _rowPointers[u + 1];
        if (uStart == uEnd)
            return;   // no link, no length-3 path
        fixed (int* rowPointers = _rowPointers, columnIndices = _columnIndices, columnPointers = _columnPointers,
               rowIndices = _rowIndices, weightPointers = _weightPointers, weightInputs = _weightInputs, common = _common,
               pairRows = _pairRows, pairCounts = _pairCounts)
        fixed (float* weights = _weights)
        fixed (double* sums = _sums, pairWeights = _pairWeights)
        fixed (ulong* touchedRows = _touchedRows, touchedColumns = _touchedColumns)
        {
            // P_o[u, a] = inputs shared by u and a.
            long work = 0;
            for (int k = uStart; k < uEnd; k++)
                work += columnPointers[columnIndices[k] + 1] - columnPointers[columnIndices[k]];
            ulong* rowMarks = work * 2 >= _rows ? null : touchedRows;
            for (int k = uStart; k < uEnd; k++)
            {
                int j = columnIndices[k];
                int start = columnPointers[j], n = columnPointers[j + 1] - start;
                if (rowMarks == null)
                    ScatterKernels.Count(rowIndices + start, n, common);
                else
                    ScatterKernels.CountTracked(rowIndices + start, n, common, rowMarks);
            }
            int pairs = ScatterKernels.Drain(common, _rows, rowMarks, pairRows, pairCounts);

            // A_o[u, a] for a ≠ u, and the scatter work of S1 + S2.
            work = 0;
            int kept = 0;
            for (int i = 0; i < pairs; i++)
            {
                int a = pairRows[i];
                if (a == u)
                    continue;
                int degree = rowPointers[a + 1] - rowPointers[a];
                pairRows[kept] = a;
                pairWeights[kept++] = CsrChLinkPredictor.PairWeight(pairCounts[i], degree, _ch2);
                work += degree;
            }
            for (int k = uStart; k < uEnd; k++)
                work += weightPointers[columnIndices[k] + 1] - weightPointers[columnIndices[k]];
            if (work == 0)
                return;   // u's only length-3 paths come back to u
            ulong* columnMarks = work * 2 >= _columns ? null : touchedColumns;

            // S1: A_o[u, a] spread over row a.
            for (int i = 0; i < kept; i++)
            {
                int a = pairRows[i];
                int start = rowPointers[a], n = rowPointers[a + 1] - start;
                if (columnMarks == null)
                    ScatterKernels.Add(columnIndices + start, n, pairWeights[i], sums);
                else
                    ScatterKernels.AddTracked(columnIndices + start, n, pairWeights[i], sums, columnMarks);
            }

            // S2: A_i[·, b] for every link b of u.
            for (int k = uStart; k < uEnd; k++)
            {
                int b = columnIndices[k];
                int start = weightPointers[b], n = weightPointers[b + 1] - start;
                if (columnMarks == null)
                    ScatterKernels.Add(weightInputs + start, weights + start, n, sums);
                else
                    ScatterKernels.AddTracked(weightInputs + start, weights + start, n, sums, columnMarks);
            }

            // Existing links are never candidates; every added term is positive, so a zero sum marks them.
            for (int k = uStart; k < uEnd; k++)
                sums[columnIndices[k]] = 0;
            var (outIndices, outValues, offset) = output.Reserve(columnMarks == null ? _columns : (int)Math.Min(work, _columns));
            fixed (int* positions = &outIndices[offset])
            fixed (float* values = &outValues[offset])
                output.Commit(ScatterKernels.Drain(sums, _columns, columnMarks, positions, values));
        }
    }
}
