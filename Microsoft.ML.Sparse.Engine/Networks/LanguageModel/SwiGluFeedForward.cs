// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Networks.Transformer;
using Microsoft.ML.Sparse.Engine.Torch.Layers;

namespace Microsoft.ML.Sparse.Engine.Networks.LanguageModel;

/// <summary>
/// LLaMA's gated feed-forward block: down(silu(gate(x)) ⊙ up(x)) with sparse, bias-free gate [d_ff, d], up [d_ff, d]
/// and down [d, d_ff] projections.
/// </summary>
internal sealed class SwiGluFeedForward : nn.Module<Tensor, Tensor>
{
    private readonly MaskedLinear gate;
    private readonly MaskedLinear up;
    private readonly MaskedLinear down;

    /// <summary>Creates the block; <paramref name="name"/> prefixes the projection names.</summary>
    public SwiGluFeedForward(string name, long modelDim, long feedForwardDim) : base(name)
    {
        gate = new MaskedLinear(name + ".gate", modelDim, feedForwardDim, hasBias: false);
        up = new MaskedLinear(name + ".up", modelDim, feedForwardDim, hasBias: false);
        down = new MaskedLinear(name + ".down", feedForwardDim, modelDim, hasBias: false);
        RegisterComponents();
        TransformerInit.Linear(gate, up, down);
    }

    /// <summary>The gate projection (through SiLU).</summary>
    public MaskedLinear Gate => gate;

    /// <summary>The up projection (multiplied by the gate).</summary>
    public MaskedLinear Up => up;

    /// <summary>The down projection back to d_model.</summary>
    public MaskedLinear Down => down;

    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => down.forward(nn.functional.silu(gate.forward(x)) * up.forward(x));
}
