// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp.Modules;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Torch.Layers;

namespace Microsoft.ML.Sparse.Engine.Networks.Transformer;

/// <summary>Feed-forward block w2(dropout(relu(w1 x))) with sparse w1 [d_ff, d] and w2 [d, d_ff].</summary>
internal sealed class PositionwiseFeedForward : nn.Module<Tensor, Tensor>
{
    private readonly MaskedLinear w1;
    private readonly MaskedLinear w2;
    private readonly Dropout relu_dropout;

    /// <summary>Creates the block.</summary>
    public PositionwiseFeedForward(string name, long modelDim, long feedForwardDim, double dropout) : base(name)
    {
        if (feedForwardDim <= 0)
            throw new ArgumentOutOfRangeException(nameof(feedForwardDim), "d_ff must be positive.");
        w1 = new MaskedLinear(name + ".w1", modelDim, feedForwardDim);
        w2 = new MaskedLinear(name + ".w2", feedForwardDim, modelDim);
        relu_dropout = nn.Dropout(dropout);
        RegisterComponents();
        TransformerInit.Linear(w1, w2);
    }

    /// <summary>First (expanding) layer.</summary>
    public MaskedLinear W1 => w1;

    /// <summary>Second (contracting) layer.</summary>
    public MaskedLinear W2 => w2;

    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => w2.forward(relu_dropout.forward(nn.functional.relu(w1.forward(x))));
}
