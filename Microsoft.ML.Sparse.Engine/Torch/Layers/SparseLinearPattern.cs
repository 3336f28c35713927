// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.InteropServices;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core.Kernels;

namespace Microsoft.ML.Sparse.Engine.Torch.Layers;

/// <summary>The active links of a <see cref="MaskedLinear"/>'s mask in CSR order, for <see cref="SparseLinearFunction"/>.</summary>
internal sealed class SparseLinearPattern
{
    private SparseLinearPattern(LinkPattern links, long[] flatPositions)
    {
        Links = links;
        FlatPositions = flatPositions;
    }

    /// <summary>The links (rows = output neurons, columns = inputs).</summary>
    public LinkPattern Links { get; }

    /// <summary>The buffers of the training passes over these links.</summary>
    public SparseLinearWorkspace Workspace { get; } = new();

    /// <summary>row·columns + column of every link, in CSR order.</summary>
    public long[] FlatPositions { get; }

    /// <summary>The pattern of the true entries of <paramref name="mask"/> [out, in].</summary>
    public static SparseLinearPattern FromMask(Tensor mask)
    {
        int rows = (int)mask.shape[0], columns = (int)mask.shape[1];
        using var flat = mask.cpu().reshape(-1).nonzero().reshape(-1);
        var positions = flat.data<long>().ToArray();
        var links = LinkPattern.FromFlatIndices(rows, columns, positions);
        return new SparseLinearPattern(links, links.ToFlatIndices());
    }

    /// <summary>The weights of <paramref name="weight"/> [out, in] at the links, in CSR order.</summary>
    public float[] Gather(Tensor weight) => Gather(weight, new float[FlatPositions.Length]);

    /// <summary>Writes the weights of <paramref name="weight"/> [out, in] at the links into <paramref name="values"/> (CSR order) and returns it.</summary>
    public float[] Gather(Tensor weight, float[] values)
    {
        using var contiguous = weight.detach().contiguous();
        var all = MemoryMarshal.Cast<byte, float>(contiguous.bytes);
        for (int k = 0; k < values.Length; k++)
            values[k] = all[(int)FlatPositions[k]];
        return values;
    }

    /// <summary>Writes one value per link (CSR order) into <paramref name="dense"/> [out·in] at the links; other entries are left as they are.</summary>
    public void Scatter(ReadOnlySpan<float> values, Span<float> dense)
    {
        for (int k = 0; k < values.Length; k++)
            dense[(int)FlatPositions[k]] = values[k];
    }
}
