// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Numerics;
using System.Runtime.CompilerServices;
using Microsoft.ML.Sparse.Engine.Core.Kernels;

namespace Microsoft.ML.Sparse.Engine.Csr;

/// <summary>
/// The input gradient dx = Wᵀ·g of a <see cref="CsrTrainingLayer"/> gathered column by column from the CSC view of
/// its links (<see cref="LinkPattern.ColumnView"/>), so threads that own disjoint columns never write the same float.
/// Each dx[c] is the fused multiply-add chain over the links of column c in increasing row order, starting from zero:
/// exactly the operations, in the same order, of the one-thread scatter dx[c] += w·g[r] over the CSR rows, so both
/// give bit-identical results.
/// </summary>
internal static unsafe class FeatureMajorInputGradient
{
    /// <summary>Writes dx [Columns][stride] (overwritten) from g [Rows][stride], columns split among <paramref name="workers"/>.</summary>
    public static void Compute(CsrTrainingLayer layer, float* g, float* dx, int stride, KernelWorkers? workers)
    {
        var (pointers, _, _) = layer.Pattern.ColumnView;
        int columns = layer.Columns, parts = KernelPartition.LinkParts(layer.LinkCount + (long)columns, workers);
        KernelPartition.Run(workers, parts, part =>
        {
            var (start, end) = KernelPartition.Range(pointers, columns, part, parts);
            Columns(layer, g, dx, stride, start, end);
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Columns(CsrTrainingLayer layer, float* pg, float* pdx, int stride, int start, int end)
    {
        var (pointers, rows, links) = layer.Pattern.ColumnView;
        int vc = Vector<float>.Count, block = FeatureMajorKernels.BlockWidth;
        fixed (float* pw = layer.Values)
        fixed (int* pr = rows, pl = links)
        {
            for (int c = start; c < end; c++)
            {
                int first = pointers[c], last = pointers[c + 1];
                for (int j = 0; j < stride; j += block)
                {
                    Vector<float> a0 = Vector<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
                    for (int k = first; k < last; k++)
                    {
                        var w = new Vector<float>(pw[pl[k]]);
                        float* gr = pg + (long)pr[k] * stride + j;
                        a0 = Vector.FusedMultiplyAdd(w, Vector.Load(gr), a0);
                        a1 = Vector.FusedMultiplyAdd(w, Vector.Load(gr + vc), a1);
                        a2 = Vector.FusedMultiplyAdd(w, Vector.Load(gr + 2 * vc), a2);
                        a3 = Vector.FusedMultiplyAdd(w, Vector.Load(gr + 3 * vc), a3);
                    }
                    float* d = pdx + (long)c * stride + j;
                    a0.Store(d);
                    a1.Store(d + vc);
                    a2.Store(d + 2 * vc);
                    a3.Store(d + 3 * vc);
                }
            }
        }
    }
}
