// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;
using Microsoft.ML.Sparse.Engine.Core.Kernels;

namespace Microsoft.ML.Sparse.Engine.Core.LinkPrediction;

/// <summary>
/// Row source of the path-based CH-L3p scores, one output row u at a time. For a candidate (u, v) every length-3 path
/// u–a–b–v (input a linked to u, output b ≠ u linked to a and to v) adds f_o(u, b)·f_i(a, v), where the factors are
/// <see cref="CsrChLinkPredictor.PairWeight(int, int, LinkPredictor)"/> of the common-neighbour count and degree of
/// the path's inner node (see <see cref="CsrPathChLinkPredictor"/> for why they depend on these pairs only):
/// <list type="number">
/// <item>P_o[u, b] for every output b (as in <see cref="ChRowScorer"/>), then f_o(u, b) into a dense row-length
/// table;</item>
/// <item>for each link a of u (increasing): f_i(a, ·) (precomputed by <see cref="ChInputPairWeights"/>) is spread into
/// a dense input-length table; for each output b ≠ u of column a (increasing) and each link v of b (increasing),
/// sums[v] += f_o(u, b)·f_i(a, v); the table is cleared;</item>
/// <item>the links of u are zeroed and every other nonzero column is written, column increasing.</item>
/// </list>
/// The work is one multiply-add per length-3 path from u. Sums are accumulated in double in that fixed order and
/// rounded to float32 once, so each row depends only on the pattern, never on the thread that computes it.
/// </summary>
internal sealed class ChPathRowScorer : ISparseRowSource
{
    /// <summary>CSR row pointers of the pattern.</summary>
    private readonly int[] _rowPointers;
    /// <summary>CSR column indices of the pattern.</summary>
    private readonly int[] _columnIndices;
    /// <summary>CSC column pointers of the pattern.</summary>
    private readonly int[] _columnPointers;
    /// <summary>CSC row indices of the pattern.</summary>
    private readonly int[] _rowIndices;
    /// <summary>Start of each input a's factors f_i(a, ·).</summary>
    private readonly int[] _factorPointers;
    /// <summary>The inputs v of the f_i entries.</summary>
    private readonly int[] _factorInputs;
    /// <summary>The values f_i(a, v).</summary>
    private readonly float[] _factors;
    /// <summary>Which path-based predictor.</summary>
    private readonly LinkPredictor _variant;
    /// <summary>Output neurons.</summary>
    private readonly int _rows;
    /// <summary>Input neurons.</summary>
    private readonly int _columns;
    /// <summary>P_o[u, b] of the current row, zero between rows.</summary>
    private readonly int[] _common;
    /// <summary>Bit b set when <see cref="_common"/>[b] was counted (sparse rows only).</summary>
    private readonly ulong[] _touchedRows;
    /// <summary>The outputs b with P_o[u, b] ≠ 0.</summary>
    private readonly int[] _pairRows;
    /// <summary>P_o[u, b] of <see cref="_pairRows"/>.</summary>
    private readonly int[] _pairCounts;
    /// <summary>f_o(u, b) by output b for the current row, zero elsewhere and between rows.</summary>
    private readonly double[] _rowFactors;
    /// <summary>f_i(a, v) by input v for the current a, zero elsewhere and between uses.</summary>
    private readonly float[] _inputFactors;
    /// <summary>Path sums of the current row, zero between rows.</summary>
    private readonly double[] _sums;
    /// <summary>Bit v set when <see cref="_sums"/>[v] was added to (sparse rows only).</summary>
    private readonly ulong[] _touchedColumns;

    /// <summary>A source (with its own scratch) over the pattern, its CSC view and the input-side factors.</summary>
    /// <param name="pattern">The layer's links.</param>
    /// <param name="columnPointers">CSC column pointers of <paramref name="pattern"/>.</param>
    /// <param name="rowIndices">CSC row indices of <paramref name="pattern"/>.</param>
    /// <param name="inputFactors">f_i by input a, from <see cref="ChInputPairWeights"/> with the same variant.</param>
    /// <param name="variant"><see cref="LinkPredictor.CH2L3p"/> or <see cref="LinkPredictor.CH3L3p"/>.</param>
    public ChPathRowScorer(LinkPattern pattern, int[] columnPointers, int[] rowIndices,
        (int[] Pointers, int[] Indices, float[] Values) inputFactors, LinkPredictor variant)
    {
        _rowPointers = pattern.RowPointers;
        _columnIndices = pattern.ColumnIndices;
        _columnPointers = columnPointers;
        _rowIndices = rowIndices;
        (_factorPointers, _factorInputs, _factors) = inputFactors;
        _variant = variant;
        _rows = pattern.Rows;
        _columns = pattern.Columns;
        _common = new int[_rows];
        _touchedRows = new ulong[ScatterKernels.Words(_rows)];
        _pairRows = new int[_rows];
        _pairCounts = new int[_rows];
        _rowFactors = new double[_rows];
        _inputFactors = new float[_columns];
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
               rowIndices = _rowIndices, factorPointers = _factorPointers, factorInputs = _factorInputs, common = _common,
               pairRows = _pairRows, pairCounts = _pairCounts)
        fixed (float* factors = _factors, inputFactors = _inputFactors)
        fixed (double* sums = _sums, rowFactors = _rowFactors)
        fixed (ulong* touchedRows = _touchedRows, touchedColumns = _touchedColumns)
        {
            // P_o[u, b] = inputs shared by u and b, and the number of paths from u.
            long work = 0;
            for (int k = uStart; k < uEnd; k++)
                work += columnPointers[columnIndices[k] + 1] - columnPointers[columnIndices[k]];
            ulong* rowMarks = work * 2 >= _rows ? null : touchedRows;
            long paths = 0;
            for (int k = uStart; k < uEnd; k++)
            {
                int a = columnIndices[k];
                int start = columnPointers[a], n = columnPointers[a + 1] - start;
                if (rowMarks == null)
                    ScatterKernels.Count(rowIndices + start, n, common);
                else
                    ScatterKernels.CountTracked(rowIndices + start, n, common, rowMarks);
                for (int t = start; t < start + n; t++)
                    if (rowIndices[t] != u)
                        paths += rowPointers[rowIndices[t] + 1] - rowPointers[rowIndices[t]];
            }
            int pairs = ScatterKernels.Drain(common, _rows, rowMarks, pairRows, pairCounts);
            if (paths == 0)
                return;   // u's only length-2 walks come back to u

            // f_o(u, b) for b ≠ u.
            for (int i = 0; i < pairs; i++)
            {
                int b = pairRows[i];
                if (b != u)
                    rowFactors[b] = CsrChLinkPredictor.PairWeight(pairCounts[i], rowPointers[b + 1] - rowPointers[b], _variant);
            }
            ulong* columnMarks = paths * 2 >= _columns ? null : touchedColumns;

            // Every path u–a–b–v adds f_o(u, b)·f_i(a, v).
            for (int k = uStart; k < uEnd; k++)
            {
                int a = columnIndices[k];
                int factorStart = factorPointers[a], factorEnd = factorPointers[a + 1];
                for (int t = factorStart; t < factorEnd; t++)
                    inputFactors[factorInputs[t]] = factors[t];
                for (int t = columnPointers[a]; t < columnPointers[a + 1]; t++)
                {
                    int b = rowIndices[t];
                    if (b == u)
                        continue;
                    int start = rowPointers[b], n = rowPointers[b + 1] - start;
                    if (columnMarks == null)
                        ScatterKernels.AddScaled(columnIndices + start, n, rowFactors[b], inputFactors, sums);
                    else
                        ScatterKernels.AddScaledTracked(columnIndices + start, n, rowFactors[b], inputFactors, sums, columnMarks);
                }
                for (int t = factorStart; t < factorEnd; t++)
                    inputFactors[factorInputs[t]] = 0;
            }
            for (int i = 0; i < pairs; i++)
                rowFactors[pairRows[i]] = 0;

            // Existing links are never candidates (v = a adds f_i(a, a) = 0; other links of u are zeroed here).
            for (int k = uStart; k < uEnd; k++)
                sums[columnIndices[k]] = 0;
            var (outIndices, outValues, offset) = output.Reserve(columnMarks == null ? _columns : (int)Math.Min(paths, _columns));
            fixed (int* positions = &outIndices[offset])
            fixed (float* values = &outValues[offset])
                output.Commit(ScatterKernels.Drain(sums, _columns, columnMarks, positions, values));
        }
    }
}
