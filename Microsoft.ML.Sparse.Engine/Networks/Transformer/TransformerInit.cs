// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Torch.Layers;

namespace Microsoft.ML.Sparse.Engine.Networks.Transformer;

/// <summary>Initialisation used by the Transformer modules (OpenNMT's glorot setting): Xavier-uniform weights, zero biases.
/// The topology engine's sparse weight initialiser may overwrite the sparse layers later.</summary>
internal static class TransformerInit
{
    /// <summary>Xavier-uniform weight (then the mask is re-applied), zero bias.</summary>
    public static void Linear(params MaskedLinear[] layers)
    {
        using var _ = no_grad();
        foreach (var layer in layers)
        {
            nn.init.xavier_uniform_(layer.Weight);
            layer.Bias?.zero_();
            layer.ApplyMask();
        }
    }

    /// <summary>Xavier-uniform weight, zero bias, for a dense nn.Linear.</summary>
    public static void Linear(TorchSharp.Modules.Linear layer)
    {
        using var _ = no_grad();
        nn.init.xavier_uniform_(layer.weight!);
        layer.bias?.zero_();
    }
}
