// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Torch.Layers;

namespace Microsoft.ML.Sparse.Engine.Networks.Transformer;

/// <summary>
/// What a Transformer model hands to the topology engine (docs/chts-specification.md §3): its sparsified linear layers and the
/// Transformer percolation structure. Embeddings, LayerNorms and the generator/classifier are dense and not listed.
/// </summary>
internal interface ISparseTransformer
{
    /// <summary>Every sparsified linear layer: q, k, v, o of each attention block and w1, w2 of each feed-forward block, in module order.</summary>
    IReadOnlyList<MaskedLinear> SparseLinears { get; }

    /// <summary>Chains for backward/forward percolation: (value → output) per attention block and (w1 → w2) per feed-forward block;
    /// upstream.OutFeatures == downstream.InFeatures.</summary>
    IReadOnlyList<(MaskedLinear Upstream, MaskedLinear Downstream)> Chains { get; }

    /// <summary>Row pairs ("qk-chain"): (query, key) per attention block; row i of both is kept only if both are non-empty.</summary>
    IReadOnlyList<(MaskedLinear First, MaskedLinear Second)> RowPairs { get; }

    /// <summary>The architecture the model was built from.</summary>
    TransformerArchitecture Architecture { get; }
}
