// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Torch.Topology;

/// <summary>Small helpers for boolean masks in flat-index form.</summary>
internal static class MaskOps
{
    /// <summary>Flat (row-major) indices of the links of <paramref name="mask"/>, int64, 1-D.</summary>
    public static Tensor LinkIndices(Tensor mask)
    {
        using var scope = NewDisposeScope();
        return mask.reshape(-1).nonzero().reshape(-1).MoveToOuterDisposeScope();
    }

    /// <summary>A [rows, columns] bool mask that is true exactly at the given flat indices.</summary>
    public static Tensor FromFlatIndices(Tensor flatIndices, long rows, long columns, Device device)
    {
        using var scope = NewDisposeScope();
        var flat = zeros(rows * columns, dtype: ScalarType.Bool, device: device);
        if (flatIndices.numel() > 0)
            flat.index_fill_(0, flatIndices, true);
        return flat.reshape(rows, columns).MoveToOuterDisposeScope();
    }

    /// <summary>Number of true entries.</summary>
    public static long Count(Tensor mask)
    {
        using var scope = NewDisposeScope();
        return mask.sum().ToInt64();
    }
}
