// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Torch.Layers;

namespace Microsoft.ML.Sparse.Engine.Networks.Transformer;

/// <summary>
/// Multi-head scaled dot-product attention whose four projections (query, key, value, output) are sparse
/// <see cref="MaskedLinear"/> layers. Rows of query/key/value are grouped by head (row h·d_k + j belongs to head h).
/// </summary>
internal sealed class MultiHeadAttention : nn.Module<Tensor, Tensor, Tensor?, Tensor?, Tensor>
{
    private readonly MaskedLinear query;
    private readonly MaskedLinear key;
    private readonly MaskedLinear value;
    private readonly MaskedLinear output;
    private readonly Dropout attention_dropout;
    private readonly long _heads;
    private readonly long _headDim;
    private readonly Scalar _scale;

    /// <summary>Creates the block.</summary>
    /// <param name="name">Module path, also the prefix of the MaskedLinear names (e.g. "encoder.layers.0.self_attention").</param>
    /// <param name="modelDim">d_model (divisible by <paramref name="heads"/>).</param>
    /// <param name="heads">Number of heads.</param>
    /// <param name="attentionDropout">Dropout on the attention weights.</param>
    public MultiHeadAttention(string name, long modelDim, long heads, double attentionDropout) : base(name)
    {
        if (heads <= 0 || modelDim % heads != 0)
            throw new ArgumentException($"d_model {modelDim} must be a positive multiple of the head count {heads}.");
        query = new MaskedLinear(name + ".query", modelDim, modelDim);
        key = new MaskedLinear(name + ".key", modelDim, modelDim);
        value = new MaskedLinear(name + ".value", modelDim, modelDim);
        output = new MaskedLinear(name + ".output", modelDim, modelDim);
        attention_dropout = nn.Dropout(attentionDropout);
        _heads = heads;
        _headDim = modelDim / heads;
        _scale = (1.0 / Math.Sqrt(_headDim)).ToScalar();   // one instance, alive as long as the module (AttentionMasks.MaskedScoreScalar says why)
        RegisterComponents();
        TransformerInit.Linear(query, key, value, output);
    }

    /// <summary>Query projection.</summary>
    public MaskedLinear Query => query;

    /// <summary>Key projection.</summary>
    public MaskedLinear Key => key;

    /// <summary>Value projection.</summary>
    public MaskedLinear Value => value;

    /// <summary>Output projection.</summary>
    public MaskedLinear Output => output;

    /// <summary>
    /// Attends from <paramref name="queryInput"/> [B, T, d] to <paramref name="memory"/> [B, S, d].
    /// </summary>
    /// <param name="queryInput">Queries [B, T, d].</param>
    /// <param name="memory">Keys and values [B, S, d] (the same tensor as the queries for self-attention).</param>
    /// <param name="keyPaddingMask">Optional bool [B, S], true at padded keys.</param>
    /// <param name="attentionMask">Optional bool [T, S], true where attending is forbidden (e.g. causal).</param>
    /// <returns>[B, T, d].</returns>
    public override Tensor forward(Tensor queryInput, Tensor memory, Tensor? keyPaddingMask, Tensor? attentionMask)
    {
        long batch = queryInput.shape[0], targetLength = queryInput.shape[1], sourceLength = memory.shape[1];
        var q = query.forward(queryInput).view(batch, targetLength, _heads, _headDim).transpose(1, 2);
        var k = key.forward(memory).view(batch, sourceLength, _heads, _headDim).transpose(1, 2);
        var v = value.forward(memory).view(batch, sourceLength, _heads, _headDim).transpose(1, 2);
        var scores = matmul(q, k.transpose(-2, -1)) * _scale; // [B, H, T, S]
        if (keyPaddingMask is not null)
            scores = scores.masked_fill(keyPaddingMask.view(batch, 1, 1, sourceLength), AttentionMasks.MaskedScoreScalar);
        if (attentionMask is not null)
            scores = scores.masked_fill(attentionMask, AttentionMasks.MaskedScoreScalar);
        var weights = attention_dropout.forward(nn.functional.softmax(scores, -1));
        var context = matmul(weights, v).transpose(1, 2).reshape(batch, targetLength, _heads * _headDim);
        return output.forward(context);
    }
}
