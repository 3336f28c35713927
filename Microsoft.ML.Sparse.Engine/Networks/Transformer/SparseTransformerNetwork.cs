// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Torch;

namespace Microsoft.ML.Sparse.Engine.Networks.Transformer;

/// <summary>The <see cref="MaskedLayerGraph"/> of a Transformer model: its sparse linears with their chains and row pairs.</summary>
internal static class SparseTransformerNetwork
{
    /// <summary>
    /// Registers every sparse linear of <paramref name="model"/> (module order), the (value → output) and (w1 → w2)
    /// chains and the (query, key) row pairs, so that percolation and the topology rounds see the Transformer's
    /// structure (docs/chts-specification.md §3).
    /// </summary>
    public static MaskedLayerGraph Create(ISparseTransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var network = new MaskedLayerGraph(model.SparseLinears);
        foreach (var (upstream, downstream) in model.Chains)
            network.AddChain(upstream, downstream);
        foreach (var (first, second) in model.RowPairs)
            network.AddRowPair(first, second);
        return network;
    }
}
