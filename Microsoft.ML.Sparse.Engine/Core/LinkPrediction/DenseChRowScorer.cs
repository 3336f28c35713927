// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;

namespace Microsoft.ML.Sparse.Engine.Core.LinkPrediction;

/// <summary>
/// Row source of the node-based CH-L3n scores for dense-ish layers: the same rows as <see cref="ChRowScorer"/>, bit for
/// bit, computed as dense products (<see cref="DenseChOperands"/>, <see cref="DenseChKernel"/>) instead of scatters.
/// Rows are computed in aligned groups of <see cref="GroupRows"/> (give <see cref="ParallelSparseRows"/> that
/// alignment) and kept until asked for; each row's values depend only on the pattern. Within a group the terms run in
/// blocks of <see cref="DepthBlock"/> k, each block over every panel of R, so a block of L and a panel's slice of R
/// stay in cache while they are reused.
/// </summary>
internal sealed class DenseChRowScorer : ISparseRowSource
{
    /// <summary>Rows computed together (a multiple of <see cref="DenseChKernel.Rows"/>).</summary>
    public const int GroupRows = 32;

    /// <summary>Terms per block of k.</summary>
    private const int DepthBlock = 256;

    private readonly DenseChOperands _operands;
    private readonly int _stride;
    /// <summary>The rows of L of the current group, [row][k].</summary>
    private readonly double[] _left;
    /// <summary>S of the current group, [row][input], row stride <see cref="_stride"/>.</summary>
    private readonly double[] _sums;
    private int _group = -1;

    /// <summary>A source (with its own scratch) over shared operands.</summary>
    public DenseChRowScorer(DenseChOperands operands)
    {
        _operands = operands;
        _stride = operands.Panels * DenseChOperands.PanelWidth;
        _left = new double[GroupRows * operands.Depth];
        _sums = new double[GroupRows * _stride];
    }

    /// <summary>Writes the candidates of output <paramref name="row"/> with their scores, column increasing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteRow(int row, SparseRowBuffer output)
    {
        if (row / GroupRows != _group)
            ComputeGroup(row / GroupRows);
        int columns = _operands.Columns;
        var (indices, values, offset) = output.Reserve(columns);
        int written = 0, sumStart = row % GroupRows * _stride;
        for (int v = 0; v < columns; v++)
        {
            double s = _sums[sumStart + v];
            if (s != 0 && !_operands.IsLink(row, v))
            {
                indices[offset + written] = v;
                values[offset + written++] = (float)s;
            }
        }
        output.Commit(written);
    }

    /// <summary>S for the rows of group <paramref name="group"/> (rows past the layer are zero rows of L).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void ComputeGroup(int group)
    {
        int depth = _operands.Depth, first = group * GroupRows;
        for (int i = 0; i < GroupRows; i++)
        {
            var left = _left.AsSpan(i * depth, depth);
            if (first + i < _operands.Rows)
                _operands.FillLeft(first + i, left);
            else
                left.Clear();
        }
        Array.Clear(_sums);
        int panelLength = depth * DenseChOperands.PanelWidth;
        fixed (double* left = _left, sums = _sums)
        fixed (float* r = _operands.R)
            for (int kStart = 0; kStart < depth; kStart += DepthBlock)
            {
                int kEnd = Math.Min(depth, kStart + DepthBlock);
                for (int panel = 0; panel < _operands.Panels; panel++)
                    for (int i = 0; i < GroupRows; i += DenseChKernel.Rows)
                        DenseChKernel.MultiplyAdd(left + i * depth, depth, kStart, kEnd, r + (long)panel * panelLength,
                            sums + i * _stride + panel * DenseChOperands.PanelWidth, _stride);
            }
        _group = group;
    }
}
