// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;
using Microsoft.ML.Sparse.Engine.Core.Kernels;

namespace Microsoft.ML.Sparse.Engine.Csr.Topology;

/// <summary>
/// Removal of inactive neurons on a chain of CSR layers (the managed form of <c>Percolation.NeuronPercolation</c>
/// for an MLP: layer l's outputs are layer l + 1's inputs). Backward sweep, last chain first: a hidden neuron without
/// out-links loses its in-links; forward sweep: a hidden neuron without in-links loses its out-links; repeated until
/// nothing changes. Only layers flagged editable change.
/// </summary>
internal static class CsrNeuronPercolation
{
    /// <summary>Percolates: clears the alive flags of the links of inactive neurons.</summary>
    /// <param name="patterns">Each layer's pattern, input layer first.</param>
    /// <param name="alive">Alive flag per link of each layer (updated).</param>
    /// <param name="editable">Whether each layer may change.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply(IReadOnlyList<LinkPattern> patterns, bool[][] alive, bool[] editable)
    {
        for (int iteration = 0; iteration <= patterns.Count + 1; iteration++)
        {
            bool changed = false;
            for (int up = patterns.Count - 2; up >= 0; up--)
            {
                if (!editable[up])
                    continue;
                var hasOut = ColumnActive(patterns[up + 1], alive[up + 1]);
                changed |= ClearRows(patterns[up], alive[up], hasOut);
            }
            for (int up = 0; up + 1 < patterns.Count; up++)
            {
                if (!editable[up + 1])
                    continue;
                var hasIn = RowActive(patterns[up], alive[up]);
                changed |= ClearColumns(patterns[up + 1], alive[up + 1], hasIn);
            }
            if (!changed)
                return;
        }
    }

    /// <summary>Whether each row has an alive link.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool[] RowActive(LinkPattern pattern, bool[] alive)
    {
        var active = new bool[pattern.Rows];
        for (int r = 0; r < pattern.Rows; r++)
            for (int k = pattern.RowPointers[r]; k < pattern.RowPointers[r + 1] && !active[r]; k++)
                active[r] = alive[k];
        return active;
    }

    /// <summary>Whether each column has an alive link.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool[] ColumnActive(LinkPattern pattern, bool[] alive)
    {
        var active = new bool[pattern.Columns];
        for (int k = 0; k < pattern.LinkCount; k++)
            if (alive[k])
                active[pattern.ColumnIndices[k]] = true;
        return active;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ClearRows(LinkPattern pattern, bool[] alive, bool[] rowKept)
    {
        bool changed = false;
        for (int r = 0; r < pattern.Rows; r++)
        {
            if (rowKept[r])
                continue;
            for (int k = pattern.RowPointers[r]; k < pattern.RowPointers[r + 1]; k++)
            {
                changed |= alive[k];
                alive[k] = false;
            }
        }
        return changed;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ClearColumns(LinkPattern pattern, bool[] alive, bool[] columnKept)
    {
        bool changed = false;
        for (int k = 0; k < pattern.LinkCount; k++)
        {
            if (alive[k] && !columnKept[pattern.ColumnIndices[k]])
            {
                alive[k] = false;
                changed = true;
            }
        }
        return changed;
    }
}
