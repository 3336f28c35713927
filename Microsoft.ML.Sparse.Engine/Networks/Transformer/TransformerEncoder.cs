// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Networks.Transformer;

/// <summary>A stack of encoder layers (plus a final LayerNorm in pre-norm mode).</summary>
internal sealed class TransformerEncoder : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly ModuleList<TransformerEncoderLayer> layers;
    private readonly LayerNorm? final_norm;

    /// <summary>Creates <see cref="TransformerArchitecture.EncoderLayers"/> layers named "{name}.layers.{i}".</summary>
    public TransformerEncoder(string name, TransformerArchitecture a) : base(name)
    {
        layers = nn.ModuleList(Enumerable.Range(0, a.EncoderLayers)
            .Select(i => new TransformerEncoderLayer($"{name}.layers.{i}", a)).ToArray());
        final_norm = a.NormPlacement == NormPlacement.PreNorm ? nn.LayerNorm(a.ModelDim, eps: 1e-6) : null;
        RegisterComponents();
    }

    /// <summary>The layers, bottom first.</summary>
    public IReadOnlyList<TransformerEncoderLayer> Layers => layers.ToList();

    /// <summary>x [B, S, d], key-padding mask [B, S] → [B, S, d].</summary>
    public override Tensor forward(Tensor x, Tensor? keyPaddingMask)
    {
        foreach (var layer in layers)
            x = layer.forward(x, keyPaddingMask);
        return final_norm is null ? x : final_norm.forward(x);
    }
}
