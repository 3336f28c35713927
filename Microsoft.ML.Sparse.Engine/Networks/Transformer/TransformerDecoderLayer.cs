// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Networks.Transformer;

/// <summary>Decoder layer: causal self-attention, cross-attention to the encoder memory, feed-forward; each with residual,
/// dropout and LayerNorm (post- or pre-norm).</summary>
internal sealed class TransformerDecoderLayer : nn.Module<Tensor, Tensor, Tensor?, Tensor?, Tensor?, Tensor>
{
    private readonly MultiHeadAttention self_attention;
    private readonly MultiHeadAttention cross_attention;
    private readonly PositionwiseFeedForward feed_forward;
    private readonly LayerNorm self_attention_norm;
    private readonly LayerNorm cross_attention_norm;
    private readonly LayerNorm feed_forward_norm;
    private readonly Dropout dropout;
    private readonly NormPlacement _norm;

    /// <summary>Creates the layer; <paramref name="name"/> is its module path (prefix of the sparse layer names).</summary>
    public TransformerDecoderLayer(string name, TransformerArchitecture a) : base(name)
    {
        self_attention = new MultiHeadAttention(name + ".self_attention", a.ModelDim, a.Heads, a.AttentionDropout);
        cross_attention = new MultiHeadAttention(name + ".cross_attention", a.ModelDim, a.Heads, a.AttentionDropout);
        feed_forward = new PositionwiseFeedForward(name + ".feed_forward", a.ModelDim, a.FeedForwardDim, a.Dropout);
        self_attention_norm = nn.LayerNorm(a.ModelDim, eps: 1e-6);
        cross_attention_norm = nn.LayerNorm(a.ModelDim, eps: 1e-6);
        feed_forward_norm = nn.LayerNorm(a.ModelDim, eps: 1e-6);
        dropout = nn.Dropout(a.Dropout);
        _norm = a.NormPlacement;
        RegisterComponents();
    }

    /// <summary>The causal self-attention block.</summary>
    public MultiHeadAttention SelfAttention => self_attention;

    /// <summary>The encoder-decoder (context) attention block.</summary>
    public MultiHeadAttention CrossAttention => cross_attention;

    /// <summary>The feed-forward block.</summary>
    public PositionwiseFeedForward FeedForward => feed_forward;

    /// <summary>
    /// y [B, T, d] attending to itself (under <paramref name="causalMask"/> [T, T] and <paramref name="targetPaddingMask"/> [B, T])
    /// and to <paramref name="memory"/> [B, S, d] (under <paramref name="memoryPaddingMask"/> [B, S]) → [B, T, d].
    /// </summary>
    public override Tensor forward(Tensor y, Tensor memory, Tensor? causalMask, Tensor? targetPaddingMask, Tensor? memoryPaddingMask)
    {
        if (_norm == NormPlacement.PostNorm)
        {
            var a = self_attention_norm.forward(y + dropout.forward(self_attention.forward(y, y, targetPaddingMask, causalMask)));
            var c = cross_attention_norm.forward(a + dropout.forward(cross_attention.forward(a, memory, memoryPaddingMask, null)));
            return feed_forward_norm.forward(c + dropout.forward(feed_forward.forward(c)));
        }
        var n1 = self_attention_norm.forward(y);
        var s = y + dropout.forward(self_attention.forward(n1, n1, targetPaddingMask, causalMask));
        var x = s + dropout.forward(cross_attention.forward(cross_attention_norm.forward(s), memory, memoryPaddingMask, null));
        return x + dropout.forward(feed_forward.forward(feed_forward_norm.forward(x)));
    }
}
