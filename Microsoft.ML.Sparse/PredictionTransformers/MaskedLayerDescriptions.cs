// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Torch.Layers;

namespace Microsoft.ML.Sparse;

/// <summary>
/// Public descriptions of a Transformer's masked projections, as the translation and language models report them: one
/// <see cref="SparseLayerInfo"/> per layer (stored sparse), plus their output rows and the rows with at least one link.
/// </summary>
internal static class MaskedLayerDescriptions
{
    /// <summary>Describes <paramref name="layers"/>; the caller holds whatever lock guards them.</summary>
    public static (List<SparseLayerInfo> Layers, int Rows, int ActiveRows) Of(IEnumerable<MaskedLinear> layers)
    {
        var infos = new List<SparseLayerInfo>();
        int rows = 0, activeRows = 0;
        using var scope = NewDisposeScope();
        foreach (var layer in layers)
        {
            var mask = layer.Mask;
            int activeOut = (int)mask.any(1).sum().item<long>();
            int activeIn = (int)mask.any(0).sum().item<long>();
            infos.Add(new SparseLayerInfo(layer.GetName(), (int)layer.InFeatures, (int)layer.OutFeatures, activeIn, activeOut, layer.ActiveLinks, isStoredSparse: true));
            rows += (int)layer.OutFeatures;
            activeRows += activeOut;
        }
        return (infos, rows, activeRows);
    }
}
