// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Torch.Percolation;

/// <summary>
/// Removal of inactive neurons (paper Fig. 1 c1/c2; reference <c>--chain_removal</c>), on boolean masks.
/// <list type="bullet">
/// <item>Chain (upstream U [h, a] → downstream D [b, h]; hidden neuron k = row k of U = column k of D).
/// Backward: a hidden neuron without out-links (empty column of D) loses its in-links (row of U).
/// Forward: a hidden neuron without in-links (empty row of U) loses its out-links (column of D).</item>
/// <item>Row pair (q/k, or gate/up): row i of both is kept only if it is non-empty in both.</item>
/// </list>
/// Sweeps run backward over the chains (last registered first), then over the row pairs, then forward over the
/// chains, and repeat until nothing changes (one repetition suffices for a single chain). Only masks flagged as
/// editable are changed; the others (dense layers, layers frozen by early stop) are read as they are.
/// </summary>
internal sealed class NeuronPercolation
{
    private readonly IReadOnlyList<(int Upstream, int Downstream)> _chains;
    private readonly IReadOnlyList<(int A, int B)> _rowPairs;

    /// <param name="chains">Pairs of indices into the mask list.</param>
    /// <param name="rowPairs">Pairs of indices into the mask list sharing their rows.</param>
    public NeuronPercolation(IReadOnlyList<(int Upstream, int Downstream)> chains, IReadOnlyList<(int A, int B)> rowPairs)
    {
        _chains = chains;
        _rowPairs = rowPairs;
    }

    public bool IsEmpty => _chains.Count == 0 && _rowPairs.Count == 0;

    /// <summary>Percolates <paramref name="masks"/>: changed entries are replaced by new tensors (call inside a dispose scope).</summary>
    /// <param name="masks">Bool masks, one per layer.</param>
    /// <param name="editable">Whether each mask may change.</param>
    public void Apply(Tensor[] masks, bool[] editable)
    {
        if (IsEmpty)
            return;
        long before = TotalLinks(masks);
        for (int iteration = 0; iteration <= masks.Length + 1; iteration++)
        {
            for (int c = _chains.Count - 1; c >= 0; c--)
            {
                var (up, down) = _chains[c];
                if (!editable[up])
                    continue;
                using var hasOut = masks[down].any(dim: 0);                                   // [h]
                Replace(masks, up, masks[up].logical_and(hasOut.unsqueeze(1)));
            }
            foreach (var (a, b) in _rowPairs)
            {
                using var alive = masks[a].any(dim: 1).logical_and_(masks[b].any(dim: 1)).unsqueeze(1);
                if (editable[a])
                    Replace(masks, a, masks[a].logical_and(alive));
                if (editable[b])
                    Replace(masks, b, masks[b].logical_and(alive));
            }
            foreach (var (up, down) in _chains)
            {
                if (!editable[down])
                    continue;
                using var hasIn = masks[up].any(dim: 1);                                      // [h]
                Replace(masks, down, masks[down].logical_and(hasIn.unsqueeze(0)));
            }
            long after = TotalLinks(masks);
            if (after == before)
                return;
            before = after;
        }
    }

    // The replaced tensors are left to the caller's dispose scope.
    private static void Replace(Tensor[] masks, int index, Tensor replacement) => masks[index] = replacement;

    private static long TotalLinks(Tensor[] masks)
    {
        long total = 0;
        foreach (var m in masks)
        {
            using var sum = m.sum();
            total += sum.ToInt64();
        }
        return total;
    }
}
