// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Torch.Topology;

/// <summary>Erdős–Rényi initialisation: exactly <c>links</c> positions chosen uniformly at random.</summary>
internal static class ErdosRenyiTopology
{
    public static Tensor Create(long rows, long columns, long links, Device device, Generator generator)
    {
        using var scope = NewDisposeScope();
        var chosen = randperm(rows * columns, dtype: ScalarType.Int64, device: device, generator: generator).narrow(0, 0, links);
        return MaskOps.FromFlatIndices(chosen, rows, columns, device).MoveToOuterDisposeScope();
    }
}
