// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Networks.LanguageModel;

/// <summary>One pre-norm LLaMA block: x + attention(RMSNorm(x)), then x + SwiGLU(RMSNorm(x)), with dropout on both branches.</summary>
internal sealed class LanguageModelBlock : nn.Module<Tensor, Tensor>
{
    private readonly RmsNorm attention_norm;
    private readonly CausalSelfAttention attention;
    private readonly RmsNorm feed_forward_norm;
    private readonly SwiGluFeedForward feed_forward;
    private readonly Dropout dropout;

    /// <summary>Creates the block named <paramref name="name"/> (prefix of its projection names).</summary>
    public LanguageModelBlock(string name, long modelDim, long heads, long feedForwardDim, double dropoutRate, double attentionDropout, RotaryPositions rotary)
        : base(name)
    {
        attention_norm = new RmsNorm(name + ".attention_norm", modelDim);
        attention = new CausalSelfAttention(name + ".attention", modelDim, heads, attentionDropout, rotary);
        feed_forward_norm = new RmsNorm(name + ".feed_forward_norm", modelDim);
        feed_forward = new SwiGluFeedForward(name + ".feed_forward", modelDim, feedForwardDim);
        dropout = nn.Dropout(dropoutRate);
        RegisterComponents();
    }

    /// <summary>The attention block.</summary>
    public CausalSelfAttention Attention => attention;

    /// <summary>The feed-forward block.</summary>
    public SwiGluFeedForward FeedForward => feed_forward;

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        var h = x + dropout.forward(attention.forward(attention_norm.forward(x)));
        return h + dropout.forward(feed_forward.forward(feed_forward_norm.forward(h)));
    }
}
