// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;
using Microsoft.ML.Sparse.Engine.Core.Kernels;

namespace Microsoft.ML.Sparse.Engine.Core.LinkPrediction;

/// <summary>
/// Row source of the input-side pair weights of CH link prediction, as a sparse matrix over inputs b: row b lists the
/// inputs v ≠ b that share at least one output with b (P_i[v,b] = |N(v) ∩ N(b)| ≠ 0) with the value
/// <see cref="CsrChLinkPredictor.PairWeight(int, int, LinkPredictor)"/> of P_i[v,b] and d_i[b], v increasing: A_i[v,b]
/// of node-based CH-L3n, or the per-node factor of path-based CH-L3p. The diagonal v = b is left out: in
/// S = A_o M + M A_iᵀ (and in every path u–b–·–v) it only reaches existing links, which never become candidates.
/// </summary>
internal sealed class ChInputPairWeights : ISparseRowSource
{
    /// <summary>CSR row pointers of the pattern.</summary>
    private readonly int[] _rowPointers;
    /// <summary>CSR column indices of the pattern.</summary>
    private readonly int[] _columnIndices;
    /// <summary>CSC column pointers of the pattern.</summary>
    private readonly int[] _columnPointers;
    /// <summary>CSC row indices of the pattern.</summary>
    private readonly int[] _rowIndices;
    /// <summary>Which CH predictor's weights.</summary>
    private readonly LinkPredictor _variant;
    /// <summary>Input neurons.</summary>
    private readonly int _columns;
    /// <summary>P_i[v, b] of the current b, zero between rows.</summary>
    private readonly int[] _common;
    /// <summary>Bit v set when <see cref="_common"/>[v] was counted (sparse rows only).</summary>
    private readonly ulong[] _touched;
    /// <summary>The inputs v with P_i[v, b] ≠ 0, drained in increasing order.</summary>
    private readonly int[] _inputs;
    /// <summary>P_i[v, b] of <see cref="_inputs"/>.</summary>
    private readonly int[] _counts;

    /// <summary>A source (with its own scratch) over the CSR pattern and its CSC view.</summary>
    /// <param name="pattern">The layer's links.</param>
    /// <param name="columnPointers">CSC column pointers of <paramref name="pattern"/>.</param>
    /// <param name="rowIndices">CSC row indices of <paramref name="pattern"/>.</param>
    /// <param name="variant">Which CH predictor's weights (CH2/CH3, node- or path-based).</param>
    public ChInputPairWeights(LinkPattern pattern, int[] columnPointers, int[] rowIndices, LinkPredictor variant)
    {
        _rowPointers = pattern.RowPointers;
        _columnIndices = pattern.ColumnIndices;
        _columnPointers = columnPointers;
        _rowIndices = rowIndices;
        _variant = variant;
        _columns = pattern.Columns;
        _common = new int[_columns];
        _touched = new ulong[ScatterKernels.Words(_columns)];
        _inputs = new int[_columns];
        _counts = new int[_columns];
    }

    /// <summary>Writes the weights A_i[v, b] of input <paramref name="row"/> = b, v increasing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public unsafe void WriteRow(int row, SparseRowBuffer output)
    {
        int b = row;
        int bStart = _columnPointers[b], bEnd = _columnPointers[b + 1];
        if (bStart == bEnd)
            return;
        fixed (int* rowPointers = _rowPointers, columnIndices = _columnIndices, rowIndices = _rowIndices, common = _common,
               inputs = _inputs, counts = _counts)
        fixed (ulong* touched = _touched)
        {
            long work = 0;
            for (int t = bStart; t < bEnd; t++)
            {
                int a = rowIndices[t];
                work += rowPointers[a + 1] - rowPointers[a];
            }
            ulong* marks = work * 2 >= _columns ? null : touched;

            // P_i[v, b]: one count per output a linked to both.
            for (int t = bStart; t < bEnd; t++)
            {
                int a = rowIndices[t];
                int start = rowPointers[a], n = rowPointers[a + 1] - start;
                if (marks == null)
                    ScatterKernels.Count(columnIndices + start, n, common);
                else
                    ScatterKernels.CountTracked(columnIndices + start, n, common, marks);
            }
            int m = ScatterKernels.Drain(common, _columns, marks, inputs, counts);
            int degree = bEnd - bStart;
            for (int i = 0; i < m; i++)
                if (inputs[i] != b)
                    output.Add(inputs[i], CsrChLinkPredictor.PairWeight(counts[i], degree, _variant));
        }
    }
}
