// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core.Kernels;
using Microsoft.ML.Sparse.Engine.Core.LinkPrediction;

namespace Microsoft.ML.Sparse.Engine.Torch.LinkPrediction;

/// <summary>
/// Path-based CH2-L3p / CH3-L3p for the TorchSharp engine: the mask is copied to the CPU as a CSR pattern, scored by
/// the managed <see cref="CsrPathChLinkPredictor"/> (one multiply-add per length-3 path, all CPU cores) and returned
/// as a dense [out, in] float32 tensor on the mask's device. Path enumeration has no dense-matmul form, so it runs on
/// the CPU whatever the device; its cost grows with the cube of the degree (see docs/algorithm.md).
/// </summary>
internal static class PathChLinkPredictor
{
    /// <summary>Scores [out, in] (float32, ≥ 0, zero at existing links) on the mask's device.</summary>
    public static Tensor Score(Tensor mask, LinkPredictor variant)
    {
        if (!CsrPathChLinkPredictor.IsPathBased(variant))
            throw new ArgumentOutOfRangeException(nameof(variant), variant, "Only CH2L3p and CH3L3p are path-based predictors.");
        int rows = checked((int)mask.shape[0]), columns = checked((int)mask.shape[1]);
        bool[] links;
        using (var cpu = mask.to(CPU).to(ScalarType.Bool).contiguous())
            links = cpu.data<bool>().ToArray();
        var pointers = new int[rows + 1];
        var indices = new List<int>();
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
                if (links[(long)r * columns + c])
                    indices.Add(c);
            pointers[r + 1] = indices.Count;
        }
        var pattern = new LinkPattern(rows, columns, pointers, indices.ToArray());
        var candidates = CsrPathChLinkPredictor.Score(pattern, variant, Environment.ProcessorCount);
        var dense = new float[(long)rows * columns];
        for (int r = 0; r < rows; r++)
            for (int k = candidates.RowPointers[r]; k < candidates.RowPointers[r + 1]; k++)
                dense[(long)r * columns + candidates.ColumnIndices[k]] = candidates.Scores[k];
        using var scores = tensor(dense, new long[] { rows, columns });
        return scores.to(mask.device);
    }
}
