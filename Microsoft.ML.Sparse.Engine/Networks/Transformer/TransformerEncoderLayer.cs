// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Networks.Transformer;

/// <summary>Encoder layer: self-attention then feed-forward, each with residual, dropout and LayerNorm (post- or pre-norm).</summary>
internal sealed class TransformerEncoderLayer : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly MultiHeadAttention self_attention;
    private readonly PositionwiseFeedForward feed_forward;
    private readonly LayerNorm attention_norm;
    private readonly LayerNorm feed_forward_norm;
    private readonly Dropout dropout;
    private readonly NormPlacement _norm;

    /// <summary>Creates the layer; <paramref name="name"/> is its module path (prefix of the sparse layer names).</summary>
    public TransformerEncoderLayer(string name, TransformerArchitecture a) : base(name)
    {
        self_attention = new MultiHeadAttention(name + ".self_attention", a.ModelDim, a.Heads, a.AttentionDropout);
        feed_forward = new PositionwiseFeedForward(name + ".feed_forward", a.ModelDim, a.FeedForwardDim, a.Dropout);
        attention_norm = nn.LayerNorm(a.ModelDim, eps: 1e-6);
        feed_forward_norm = nn.LayerNorm(a.ModelDim, eps: 1e-6);
        dropout = nn.Dropout(a.Dropout);
        _norm = a.NormPlacement;
        RegisterComponents();
    }

    /// <summary>The self-attention block.</summary>
    public MultiHeadAttention SelfAttention => self_attention;

    /// <summary>The feed-forward block.</summary>
    public PositionwiseFeedForward FeedForward => feed_forward;

    /// <summary>x [B, S, d] with optional key-padding mask [B, S] → [B, S, d].</summary>
    public override Tensor forward(Tensor x, Tensor? keyPaddingMask)
    {
        if (_norm == NormPlacement.PostNorm)
        {
            var h = attention_norm.forward(x + dropout.forward(self_attention.forward(x, x, keyPaddingMask, null)));
            return feed_forward_norm.forward(h + dropout.forward(feed_forward.forward(h)));
        }
        var n = attention_norm.forward(x);
        var y = x + dropout.forward(self_attention.forward(n, n, keyPaddingMask, null));
        return y + dropout.forward(feed_forward.forward(feed_forward_norm.forward(y)));
    }
}
