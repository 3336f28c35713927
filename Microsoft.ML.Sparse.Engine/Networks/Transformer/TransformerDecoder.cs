// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Networks.Transformer;

/// <summary>A stack of decoder layers (plus a final LayerNorm in pre-norm mode).</summary>
internal sealed class TransformerDecoder : nn.Module<Tensor, Tensor, Tensor?, Tensor?, Tensor>
{
    private readonly ModuleList<TransformerDecoderLayer> layers;
    private readonly LayerNorm? final_norm;

    /// <summary>Creates <see cref="TransformerArchitecture.DecoderLayers"/> layers named "{name}.layers.{i}".</summary>
    public TransformerDecoder(string name, TransformerArchitecture a) : base(name)
    {
        layers = nn.ModuleList(Enumerable.Range(0, a.DecoderLayers)
            .Select(i => new TransformerDecoderLayer($"{name}.layers.{i}", a)).ToArray());
        final_norm = a.NormPlacement == NormPlacement.PreNorm ? nn.LayerNorm(a.ModelDim, eps: 1e-6) : null;
        RegisterComponents();
    }

    /// <summary>The layers, bottom first.</summary>
    public IReadOnlyList<TransformerDecoderLayer> Layers => layers.ToList();

    /// <summary>y [B, T, d] over memory [B, S, d] with target and memory padding masks → [B, T, d] (causal mask built here).</summary>
    public override Tensor forward(Tensor y, Tensor memory, Tensor? targetPaddingMask, Tensor? memoryPaddingMask)
    {
        using var causal = AttentionMasks.Causal(y.shape[1], y.device);
        foreach (var layer in layers)
            y = layer.forward(y, memory, causal, targetPaddingMask, memoryPaddingMask);
        return final_norm is null ? y : final_norm.forward(y);
    }
}
