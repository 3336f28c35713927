// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Torch.Layers;
using Microsoft.ML.Sparse.Engine.Torch.Topology;

namespace Microsoft.ML.Sparse.Engine.Torch.Initialization;

/// <summary>
/// Weight initialisation of sparse layers; the weights are drawn densely and then masked (as in the reference code).
/// <list type="bullet">
/// <item>SWI fan-in (paper, ICLR per-layer code): σ = sqrt(2 / (nnz / out)), nnz / out being the average number of input links per output neuron, i.e. density · in.</item>
/// <item>SWI fan-out (DST-scheduler code): σ = sqrt(2 / (nnz / in)) = sqrt(2 / (density · out)).</item>
/// <item>Kaiming: σ = sqrt(2 / in) (dense fan-in). Xavier: uniform(±sqrt(6 / (in + out))). UniformFanIn: uniform(±1/sqrt(in)), PyTorch's nn.Linear default.</item>
/// </list>
/// Biases are left as the layer created them.
/// </summary>
internal static class SparseWeightInit
{
    /// <summary>Standard deviation of the normal initialisations for a layer with <paramref name="links"/> links.</summary>
    public static double StandardDeviation(SparseWeightInitialization kind, long rows, long columns, long links)
        => WeightInitScale.StandardDeviation(kind, rows, columns, links);

    /// <summary>Re-initialises the layer's weight for its current mask, then masks it.</summary>
    public static void Apply(MaskedLinear layer, SparseWeightInitialization kind, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var weight = layer.Weight;
        long rows = layer.OutFeatures, columns = layer.InFeatures;
        Tensor values;
        if (kind is SparseWeightInitialization.Xavier or SparseWeightInitialization.UniformFanIn)
        {
            double bound = kind == SparseWeightInitialization.Xavier ? Math.Sqrt(6.0 / (rows + columns)) : 1.0 / Math.Sqrt(columns);
            values = rand(new[] { rows, columns }, dtype: weight.dtype, device: weight.device, generator: generator).mul_(2 * bound).sub_(bound);
        }
        else
        {
            double std = StandardDeviation(kind, rows, columns, MaskOps.Count(layer.Mask));
            values = randn(new[] { rows, columns }, dtype: weight.dtype, device: weight.device, generator: generator).mul_(std);
        }
        weight.copy_(values);
        layer.ApplyMask();
    }
}
