using System.Numerics;

namespace Microsoft.ML.Sparse.Engine.Managed.Topology;

/// <summary>
/// Row source of the node-based CH-L3n scores S = (A_o M + M A_iᵀ) ⊙ (1 − M), one output row u at a time, from the
/// sparse structure only (dense scratch of one row's length, never a whole out×out, in×in or out×in matrix):
/// <list type="number">
/// <item>P_o[u, a] for every output a: one count per input j linked to both u and a (row u, then column j's CSC list);</item>
/// <item>S1[u, v] = Σ_a A_o[u, a]·M[a, v]: for each a ≠ u with P_o[u, a] ≠ 0 (a increasing), A_o[u, a] is added to
/// every link v of row a;</item>
/// <item>S2[u, v] = Σ_b M[u, b]·A_i[v, b]: for each link b of row u (increasing), A_i[·, b] (precomputed by
/// <see cref="ChInputPairWeights"/>) is added to its inputs v;</item>
/// <item>the links of u are zeroed and every other touched column is written, column increasing.</item>
/// </list>
/// The pair weights are the float32 values of the matrix form; the sums are accumulated in double in the fixed order
/// above and rounded to float32 once, so each row depends only on the pattern (not on the thread that computes it)
/// and is within float32 summation error of the matrix form. The diagonal terms a = u and v = b are skipped: they
/// only reach existing links.
/// </summary>
internal sealed class ChRowScorer : ISparseRowSource
{
    private readonly int[] _rowPointers;
    private readonly int[] _columnIndices;
    private readonly int[] _columnPointers;
    private readonly int[] _rowIndices;
    private readonly int[] _weightPointers;
    private readonly int[] _weightInputs;
    private readonly float[] _weights;
    private readonly bool _ch2;
    private readonly int[] _common;          // P_o[u, a], zero between rows
    private readonly ulong[] _touchedRows;   // bit a set when _common[a] > 0
    private readonly double[] _sums;         // S1 + S2 of the current row, zero between rows
    private readonly ulong[] _touchedColumns;// bit v set when _sums[v] was added to

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
        _common = new int[pattern.Rows];
        _touchedRows = new ulong[(pattern.Rows + 63) >> 6];
        _sums = new double[pattern.Columns];
        _touchedColumns = new ulong[(pattern.Columns + 63) >> 6];
    }

    /// <summary>Writes the candidates of output <paramref name="row"/> = u with their scores, column increasing.</summary>
    public unsafe void WriteRow(int row, SparseRowBuffer output)
    {
        int u = row;
        int uStart = _rowPointers[u], uEnd = _rowPointers[u + 1];
        if (uStart == uEnd)
            return;   // no link, no length-3 path
        fixed (int* rowPointers = _rowPointers, columnIndices = _columnIndices, columnPointers = _columnPointers,
               rowIndices = _rowIndices, weightPointers = _weightPointers, weightInputs = _weightInputs, common = _common)
        fixed (float* weights = _weights)
        fixed (double* sums = _sums)
        fixed (ulong* touchedRows = _touchedRows, touchedColumns = _touchedColumns)
        {
            // P_o[u, a] = shared inputs of u and a.
            for (int k = uStart; k < uEnd; k++)
            {
                int j = columnIndices[k];
                int* outputs = rowIndices + columnPointers[j];
                int n = columnPointers[j + 1] - columnPointers[j];
                for (int t = 0; t < n; t++)
                {
                    int a = outputs[t];
                    common[a]++;
                    touchedRows[a >> 6] |= 1UL << a;
                }
            }

            // S1: A_o[u, a] spread over row a.
            int rowWords = _touchedRows.Length;
            for (int w = 0; w < rowWords; w++)
            {
                ulong bits = touchedRows[w];
                if (bits == 0)
                    continue;
                touchedRows[w] = 0;
                do
                {
                    int a = (w << 6) + BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                    int p = common[a];
                    common[a] = 0;
                    if (a == u)
                        continue;
                    int aStart = rowPointers[a];
                    int n = rowPointers[a + 1] - aStart;
                    double weight = CsrChLinkPredictor.PairWeight(p, n, _ch2);
                    Spread(columnIndices + aStart, n, weight, sums, touchedColumns);
                }
                while (bits != 0);
            }

            // S2: A_i[·, b] for every link b of u.
            for (int k = uStart; k < uEnd; k++)
            {
                int b = columnIndices[k];
                int start = weightPointers[b];
                int n = weightPointers[b + 1] - start;
                int* inputs = weightInputs + start;
                float* values = weights + start;
                for (int t = 0; t < n; t++)
                {
                    int v = inputs[t];
                    sums[v] += values[t];
                    touchedColumns[v >> 6] |= 1UL << v;
                }
            }

            // Existing links are never candidates; every added term is positive, so a zero sum marks them.
            for (int k = uStart; k < uEnd; k++)
                sums[columnIndices[k]] = 0;

            int columnWords = _touchedColumns.Length;
            for (int w = 0; w < columnWords; w++)
            {
                ulong bits = touchedColumns[w];
                if (bits == 0)
                    continue;
                touchedColumns[w] = 0;
                do
                {
                    int v = (w << 6) + BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                    double sum = sums[v];
                    if (sum != 0)
                    {
                        output.Add(v, (float)sum);
                        sums[v] = 0;
                    }
                }
                while (bits != 0);
            }
        }
    }

    /// <summary>Adds <paramref name="weight"/> to the sums at the <paramref name="count"/> given columns and marks them.</summary>
    private static unsafe void Spread(int* columns, int count, double weight, double* sums, ulong* touched)
    {
        for (int t = 0; t < count; t++)
        {
            int v = columns[t];
            sums[v] += weight;
            touched[v >> 6] |= 1UL << v;
        }
    }
}
