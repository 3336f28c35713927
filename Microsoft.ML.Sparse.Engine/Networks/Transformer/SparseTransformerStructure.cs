// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Networks.LanguageModel;
using Microsoft.ML.Sparse.Engine.Torch.Layers;

namespace Microsoft.ML.Sparse.Engine.Networks.Transformer;

/// <summary>Builds the <see cref="ISparseTransformer"/> lists from a model's blocks, in module order.</summary>
internal sealed class SparseTransformerStructure
{
    private readonly List<MaskedLinear> _linears = new();
    private readonly List<(MaskedLinear, MaskedLinear)> _chains = new();
    private readonly List<(MaskedLinear, MaskedLinear)> _rowPairs = new();

    /// <summary>Adds q, k, v, o; the chain value → output; the row pair (query, key).</summary>
    public SparseTransformerStructure Add(MultiHeadAttention attention)
    {
        _linears.AddRange(new[] { attention.Query, attention.Key, attention.Value, attention.Output });
        _chains.Add((attention.Value, attention.Output));
        _rowPairs.Add((attention.Query, attention.Key));
        return this;
    }

    /// <summary>Adds w1, w2 and the chain w1 → w2.</summary>
    public SparseTransformerStructure Add(PositionwiseFeedForward feedForward)
    {
        _linears.AddRange(new[] { feedForward.W1, feedForward.W2 });
        _chains.Add((feedForward.W1, feedForward.W2));
        return this;
    }

    /// <summary>Adds q, k, v, o of a causal (language-model) attention block; the chain value → output; the row pair (query, key).</summary>
    public SparseTransformerStructure Add(LanguageModel.CausalSelfAttention attention)
    {
        _linears.AddRange(new[] { attention.Query, attention.Key, attention.Value, attention.Output });
        _chains.Add((attention.Value, attention.Output));
        _rowPairs.Add((attention.Query, attention.Key));
        return this;
    }

    /// <summary>Adds gate, up, down; the chains gate → down and up → down; the row pair (gate, up) (spec §1.6, LLaMA).</summary>
    public SparseTransformerStructure Add(LanguageModel.SwiGluFeedForward feedForward)
    {
        _linears.AddRange(new[] { feedForward.Gate, feedForward.Up, feedForward.Down });
        _chains.Add((feedForward.Gate, feedForward.Down));
        _chains.Add((feedForward.Up, feedForward.Down));
        _rowPairs.Add((feedForward.Gate, feedForward.Up));
        return this;
    }

    /// <summary>Adds every block of an encoder stack.</summary>
    public SparseTransformerStructure Add(TransformerEncoder encoder)
    {
        foreach (var layer in encoder.Layers)
            Add(layer.SelfAttention).Add(layer.FeedForward);
        return this;
    }

    /// <summary>Adds every block of a decoder stack.</summary>
    public SparseTransformerStructure Add(TransformerDecoder decoder)
    {
        foreach (var layer in decoder.Layers)
            Add(layer.SelfAttention).Add(layer.CrossAttention).Add(layer.FeedForward);
        return this;
    }

    /// <summary>Sparse layers in module order.</summary>
    public IReadOnlyList<MaskedLinear> Linears => _linears;

    /// <summary>(upstream, downstream) chains.</summary>
    public IReadOnlyList<(MaskedLinear Upstream, MaskedLinear Downstream)> Chains => _chains;

    /// <summary>(query, key) row pairs.</summary>
    public IReadOnlyList<(MaskedLinear First, MaskedLinear Second)> RowPairs => _rowPairs;
}
