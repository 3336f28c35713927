// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp.Modules;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Networks.Transformer;
using Microsoft.ML.Sparse.Engine.Torch.Layers;

namespace Microsoft.ML.Sparse.Engine.Networks.LanguageModel;

/// <summary>
/// LLaMA's causal multi-head self-attention: sparse, bias-free query, key, value and output projections [d, d]; rotary
/// positions on queries and keys; position t attends to positions ≤ t only. With right padding no real position sees a
/// padded one, so no padding mask is needed.
/// </summary>
internal sealed class CausalSelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly MaskedLinear query;
    private readonly MaskedLinear key;
    private readonly MaskedLinear value;
    private readonly MaskedLinear output;
    private readonly Dropout attention_dropout;
    private readonly RotaryPositions _rotary;
    private readonly long _heads;
    private readonly long _headDim;
    private readonly double _scale;

    /// <summary>Creates the block; <paramref name="rotary"/> is shared by the blocks of a model (not disposed here).</summary>
    public CausalSelfAttention(string name, long modelDim, long heads, double attentionDropout, RotaryPositions rotary) : base(name)
    {
        if (heads <= 0 || modelDim % heads != 0)
            throw new ArgumentException($"d_model {modelDim} must be a positive multiple of the head count {heads}.");
        query = new MaskedLinear(name + ".query", modelDim, modelDim, hasBias: false);
        key = new MaskedLinear(name + ".key", modelDim, modelDim, hasBias: false);
        value = new MaskedLinear(name + ".value", modelDim, modelDim, hasBias: false);
        output = new MaskedLinear(name + ".output", modelDim, modelDim, hasBias: false);
        attention_dropout = nn.Dropout(attentionDropout);
        _rotary = rotary ?? throw new ArgumentNullException(nameof(rotary));
        _heads = heads;
        _headDim = modelDim / heads;
        if (rotary.HeadDim != _headDim)
            throw new ArgumentException($"The rotary table is for heads of {rotary.HeadDim}, this block's heads have {_headDim}.", nameof(rotary));
        _scale = 1.0 / Math.Sqrt(_headDim);
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

    /// <summary>x [B, T, d] → [B, T, d].</summary>
    public override Tensor forward(Tensor x)
    {
        long batch = x.shape[0], length = x.shape[1];
        var q = _rotary.Apply(query.forward(x).view(batch, length, _heads, _headDim).transpose(1, 2));
        var k = _rotary.Apply(key.forward(x).view(batch, length, _heads, _headDim).transpose(1, 2));
        var v = value.forward(x).view(batch, length, _heads, _headDim).transpose(1, 2);
        var scores = matmul(q, k.transpose(-2, -1)) * _scale; // [B, H, T, T]
        using (var causal = AttentionMasks.Causal(length, x.device))
            scores = scores.masked_fill(causal, AttentionMasks.MaskedScore);
        var weights = attention_dropout.forward(nn.functional.softmax(scores, -1));
        var context = matmul(weights, v).transpose(1, 2).reshape(batch, length, _heads * _headDim);
        return output.forward(context);
    }
}
