// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Numerics;
using System.Runtime.CompilerServices;
using Microsoft.ML.Sparse.Engine.Core.Kernels;

namespace Microsoft.ML.Sparse.Engine.Core.LinkPrediction;

/// <summary>
/// The operands of node-based CH-L3n scoring as one dense product, for dense-ish layers: with n_o outputs, n_i inputs
/// and K = n_o + n_i, S[u, v] = Σ_k L[u, k]·R[k, v] where L = [A_o | M] and R = [M ; A_iᵀ], i.e. the terms of
/// A_o M (k = a &lt; n_o) followed by those of M A_iᵀ (k = n_o + b). Built once per layer and read by every thread:
/// <list type="bullet">
/// <item>the rows of M as bit sets, and the output and input degrees;</item>
/// <item>R, packed in panels of <see cref="PanelWidth"/> inputs ([panel][k][lane], zero past n_i): M[a, v] as 0 or 1,
/// then A_i[v, b] (the float32 pair weight where v ≠ b share an output, else 0), all exact in float32;</item>
/// <item><see cref="FillLeft"/>: the rows of L on demand (A_o[u, a] for a ≠ u sharing an input with u, else 0; then
/// M[u, ·]).</item>
/// </list>
/// Every product in S has a factor 0 or 1, so it is exact, and the terms come in the order in which
/// <see cref="ChRowScorer"/> adds its nonzero ones (a increasing, then b increasing); the zero terms add nothing. A
/// double accumulator therefore ends bit-identical to that scorer's.
/// </summary>
internal sealed class DenseChOperands
{
    /// <summary>Inputs per panel of R: two vectors of four doubles.</summary>
    public const int PanelWidth = 8;

    private readonly ulong[] _rowBits;
    private readonly int _rowWords;
    private readonly int[] _rowDegrees;
    private readonly bool _ch2;

    /// <summary>Builds the bit sets and the packed R of <paramref name="pattern"/>.</summary>
    /// <param name="pattern">The layer's links.</param>
    /// <param name="ch2">CH2-L3n weights when true, CH3-L3n otherwise.</param>
    /// <param name="maxThreads">Most threads to use; the result does not depend on it.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public DenseChOperands(LinkPattern pattern, bool ch2, int maxThreads)
    {
        Rows = pattern.Rows;
        Columns = pattern.Columns;
        Depth = Rows + Columns;
        Panels = (Columns + PanelWidth - 1) / PanelWidth;
        _ch2 = ch2;
        _rowWords = ScatterKernels.Words(Columns);
        _rowBits = new ulong[(long)Rows * _rowWords];
        _rowDegrees = new int[Rows];
        var columnWords = ScatterKernels.Words(Rows);
        var columnBits = new ulong[(long)Columns * columnWords];
        var columnDegrees = new int[Columns];
        for (int u = 0; u < Rows; u++)
        {
            _rowDegrees[u] = pattern.RowDegree(u);
            for (int k = pattern.RowPointers[u]; k < pattern.RowPointers[u + 1]; k++)
            {
                int v = pattern.ColumnIndices[k];
                _rowBits[(long)u * _rowWords + (v >> 6)] |= 1UL << v;
                columnBits[(long)v * columnWords + (u >> 6)] |= 1UL << u;
                columnDegrees[v]++;
            }
        }

        R = GC.AllocateUninitializedArray<float>(checked(Panels * Depth * PanelWidth));
        Parallel.For(0, Panels, new ParallelOptions { MaxDegreeOfParallelism = maxThreads },
            [MethodImpl(MethodImplOptions.AggressiveOptimization)] (panel) =>
            {
                int first = panel * PanelWidth;
                long start = (long)panel * Depth * PanelWidth;
                for (int a = 0; a < Rows; a++)
                    for (int lane = 0; lane < PanelWidth; lane++)
                    {
                        int v = first + lane;
                        R[start + (long)a * PanelWidth + lane] = v < Columns && IsLink(a, v) ? 1 : 0;
                    }
                for (int b = 0; b < Columns; b++)
                    for (int lane = 0; lane < PanelWidth; lane++)
                    {
                        int v = first + lane;
                        int common = v < Columns && v != b ? Common(columnBits, columnWords, v, b) : 0;
                        R[start + (long)(Rows + b) * PanelWidth + lane] = common == 0 ? 0
                            : CsrChLinkPredictor.PairWeight(common, columnDegrees[b], ch2 ? LinkPredictor.CH2L3n : LinkPredictor.CH3L3n);
                    }
            });
    }

    /// <summary>n_o: output neurons.</summary>
    public int Rows { get; }

    /// <summary>n_i: input neurons.</summary>
    public int Columns { get; }

    /// <summary>K = n_o + n_i: the length of a row of L and of a column of R.</summary>
    public int Depth { get; }

    /// <summary>Panels of <see cref="PanelWidth"/> inputs in <see cref="R"/>.</summary>
    public int Panels { get; }

    /// <summary>R packed as [panel][k][lane].</summary>
    public float[] R { get; }

    /// <summary>Floats of R held per layer: what the dense form costs in memory.</summary>
    public static long RSize(int rows, int columns) => (long)(columns + PanelWidth - 1) / PanelWidth * PanelWidth * (rows + columns);

    /// <summary>Writes row u of L into <paramref name="left"/>[0 .. K).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void FillLeft(int u, Span<double> left)
    {
        for (int a = 0; a < Rows; a++)
        {
            int common = a == u ? 0 : Common(_rowBits, _rowWords, u, a);
            left[a] = common == 0 ? 0 : CsrChLinkPredictor.PairWeight(common, _rowDegrees[a], _ch2);
        }
        for (int b = 0; b < Columns; b++)
            left[Rows + b] = IsLink(u, b) ? 1 : 0;
    }

    /// <summary>Whether input (column) v of output row u is a link.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsLink(int u, int v) => (_rowBits[(long)u * _rowWords + (v >> 6)] >> v & 1) != 0;

    /// <summary>|N(x) ∩ N(y)| of two rows of a bit-set matrix.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Common(ulong[] bits, int words, int x, int y)
    {
        long xs = (long)x * words, ys = (long)y * words;
        int count = 0;
        for (int w = 0; w < words; w++)
            count += BitOperations.PopCount(bits[xs + w] & bits[ys + w]);
        return count;
    }
}
