// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core.Kernels;
using Microsoft.ML.Sparse.Engine.Torch.Layers;

namespace Microsoft.ML.Sparse.Engine.Networks;

/// <summary>
/// Active hidden neurons of an MLP, the paper's ANP ("active neuron post-percolation" rate, Table 7): hidden neuron j
/// between layers l and l + 1 (output j of layer l, input j of layer l + 1) is active when it has at least one in-link
/// in layer l and at least one out-link in layer l + 1. The inputs of the first layer and the outputs of the last are
/// not hidden and not counted. Layers are given input first and must chain (outputs of l = inputs of l + 1).
/// </summary>
internal static class HiddenNeuronActivity
{
    /// <summary>(active hidden neurons, hidden neurons) of CSR layers.</summary>
    public static (long Active, long Total) Count(IReadOnlyList<LinkPattern> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        long active = 0, total = 0;
        for (int l = 0; l + 1 < layers.Count; l++)
        {
            var (inLayer, outLayer) = (layers[l], layers[l + 1]);
            CheckChain(inLayer.Rows, outLayer.Columns, l);
            var hasOutLink = new bool[outLayer.Columns];
            foreach (int column in outLayer.ColumnIndices)
                hasOutLink[column] = true;
            for (int j = 0; j < inLayer.Rows; j++)
                if (inLayer.RowDegree(j) > 0 && hasOutLink[j])
                    active++;
            total += inLayer.Rows;
        }
        return (active, total);
    }

    /// <summary>(active hidden neurons, hidden neurons) of masked TorchSharp layers, read from their masks.</summary>
    public static (long Active, long Total) Count(IReadOnlyList<MaskedLinear> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        long active = 0, total = 0;
        for (int l = 0; l + 1 < layers.Count; l++)
        {
            CheckChain(layers[l].OutFeatures, layers[l + 1].InFeatures, l);
            using var scope = NewDisposeScope();
            var hasInLink = layers[l].Mask.any(1);
            var hasOutLink = layers[l + 1].Mask.any(0);
            active += hasInLink.logical_and(hasOutLink).sum().cpu().item<long>();
            total += layers[l].OutFeatures;
        }
        return (active, total);
    }

    private static void CheckChain(long outputs, long nextInputs, int layer)
    {
        if (outputs != nextInputs)
            throw new ArgumentException($"Layer {layer} has {outputs} outputs but layer {layer + 1} has {nextInputs} inputs: not a chain.", nameof(layer));
    }
}
