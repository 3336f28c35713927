using System.Numerics;

namespace Microsoft.ML.Sparse.Engine.Managed.Topology;

/// <summary>
/// Row source of the input-side pair weights of node-based CH-L3n, as a sparse matrix over inputs b: row b lists the
/// inputs v ≠ b that share at least one output with b (P_i[v,b] = |N(v) ∩ N(b)| ≠ 0) with the value A_i[v,b]
/// (<see cref="CsrChLinkPredictor.PairWeight"/> of P_i[v,b] and d_i[b]), v increasing. The diagonal v = b is left
/// out: in S = A_o M + M A_iᵀ it only reaches existing links, which never become candidates.
/// </summary>
internal sealed class ChInputPairWeights : ISparseRowSource
{
    private readonly int[] _rowPointers;
    private readonly int[] _columnIndices;
    private readonly int[] _columnPointers;
    private readonly int[] _rowIndices;
    private readonly bool _ch2;
    private readonly int[] _common;      // P_i[v, b] for the current b, zero between rows
    private readonly ulong[] _touched;   // bit v set when _common[v] > 0

    /// <summary>A source (with its own scratch) over the CSR pattern and its CSC view.</summary>
    /// <param name="pattern">The layer's links.</param>
    /// <param name="columnPointers">CSC column pointers of <paramref name="pattern"/>.</param>
    /// <param name="rowIndices">CSC row indices of <paramref name="pattern"/>.</param>
    /// <param name="ch2">CH2-L3n weights when true, CH3-L3n otherwise.</param>
    public ChInputPairWeights(LinkPattern pattern, int[] columnPointers, int[] rowIndices, bool ch2)
    {
        _rowPointers = pattern.RowPointers;
        _columnIndices = pattern.ColumnIndices;
        _columnPointers = columnPointers;
        _rowIndices = rowIndices;
        _ch2 = ch2;
        _common = new int[pattern.Columns];
        _touched = new ulong[(pattern.Columns + 63) >> 6];
    }

    /// <summary>Writes the weights A_i[v, b] of input <paramref name="row"/> = b, v increasing.</summary>
    public unsafe void WriteRow(int row, SparseRowBuffer output)
    {
        int b = row;
        int bStart = _columnPointers[b], bEnd = _columnPointers[b + 1];
        if (bStart == bEnd)
            return;
        fixed (int* rowPointers = _rowPointers, columnIndices = _columnIndices, rowIndices = _rowIndices, common = _common)
        fixed (ulong* touched = _touched)
        {
            // P_i[v, b]: one count per output a linked to both.
            for (int t = bStart; t < bEnd; t++)
            {
                int a = rowIndices[t];
                int* inputs = columnIndices + rowPointers[a];
                int n = rowPointers[a + 1] - rowPointers[a];
                for (int s = 0; s < n; s++)
                {
                    int v = inputs[s];
                    common[v]++;
                    touched[v >> 6] |= 1UL << v;
                }
            }
            int degree = bEnd - bStart;
            int words = _touched.Length;
            for (int w = 0; w < words; w++)
            {
                ulong bits = touched[w];
                if (bits == 0)
                    continue;
                touched[w] = 0;
                do
                {
                    int v = (w << 6) + BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                    int p = common[v];
                    common[v] = 0;
                    if (v != b)
                        output.Add(v, CsrChLinkPredictor.PairWeight(p, degree, _ch2));
                }
                while (bits != 0);
            }
        }
    }
}
