// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;
using Microsoft.ML.Sparse.Engine.Networks;

namespace Microsoft.ML.Sparse.Engine.Csr;

/// <summary>
/// The affine folds of <c>Networks.SparseMlpNetwork</c> on CSR layers (same arithmetic: double, then rounded):
/// the input standardisation into the first layer and the regression target scale into the output layer. Only links
/// change, so the sparsity pattern is unchanged.
/// </summary>
internal static class CsrLayerFolding
{
    /// <summary>W ← W/σ column-wise, b ← b − (W/σ)·μ, so the layer takes raw features.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FoldInputStandardization(CsrTrainingLayer first, InputStandardization standardization)
    {
        var (mean, std) = standardization.PerFeature(first.Columns);
        var pattern = first.Pattern;
        for (int r = 0; r < pattern.Rows; r++)
        {
            double shift = 0;
            for (int k = pattern.RowPointers[r]; k < pattern.RowPointers[r + 1]; k++)
            {
                int c = pattern.ColumnIndices[k];
                double scaled = first.Values[k] / (double)std[c];
                shift += scaled * mean[c];
                first.Values[k] = (float)scaled;
            }
            first.Bias[r] = (float)(first.Bias[r] - shift);
        }
    }

    /// <summary>W ← W·scale, b ← b·scale + shift.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FoldOutputAffine(CsrTrainingLayer output, float scale, float shift)
    {
        for (int k = 0; k < output.Values.Length; k++)
            output.Values[k] *= scale;
        for (int r = 0; r < output.Bias.Length; r++)
            output.Bias[r] = output.Bias[r] * scale + shift;
    }
}
