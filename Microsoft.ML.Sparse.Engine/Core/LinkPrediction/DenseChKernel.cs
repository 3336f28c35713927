// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Microsoft.ML.Sparse.Engine.Core.LinkPrediction;

/// <summary>
/// The inner product of <see cref="DenseChRowScorer"/>: for <see cref="Rows"/> rows of L and one panel of R
/// (<see cref="DenseChOperands"/>), sums[i, lane] += Σ_k L[i, k]·R[k, lane] over a range of k, increasing, one
/// multiply-add per term into a double accumulator held in registers (4 rows × 8 lanes) and loaded from and stored to
/// the sums around the range, so that ranges run one after the other add the terms in k order. Every product is exact
/// (one factor is 0 or 1), so a fused and a separate multiply-add round the same way.
/// </summary>
internal static unsafe class DenseChKernel
{
    /// <summary>Rows of L per call.</summary>
    public const int Rows = 4;

    /// <summary>
    /// Adds to the 4 × 8 <paramref name="sums"/> (row stride <paramref name="sumStride"/>) the terms k in
    /// [<paramref name="kStart"/>, <paramref name="kEnd"/>) of rows <paramref name="left"/> (row stride
    /// <paramref name="depth"/>) with the panel <paramref name="panel"/> ([k][8], from k = 0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyAdd(double* left, int depth, int kStart, int kEnd, float* panel, double* sums, int sumStride)
    {
        double* l0 = left, l1 = left + depth, l2 = left + 2 * depth, l3 = left + 3 * depth;
        double* s0 = sums, s1 = sums + sumStride, s2 = sums + 2 * sumStride, s3 = sums + 3 * sumStride;
        Vector256<double> a00 = Vector256.Load(s0), a01 = Vector256.Load(s0 + 4), a10 = Vector256.Load(s1), a11 = Vector256.Load(s1 + 4);
        Vector256<double> a20 = Vector256.Load(s2), a21 = Vector256.Load(s2 + 4), a30 = Vector256.Load(s3), a31 = Vector256.Load(s3 + 4);
        if (Fma.IsSupported)
        {
            for (int k = kStart; k < kEnd; k++)
            {
                var r0 = Avx.ConvertToVector256Double(Sse.LoadVector128(panel + 8 * k));
                var r1 = Avx.ConvertToVector256Double(Sse.LoadVector128(panel + 8 * k + 4));
                var b0 = Vector256.Create(l0[k]);
                a00 = Fma.MultiplyAdd(b0, r0, a00);
                a01 = Fma.MultiplyAdd(b0, r1, a01);
                var b1 = Vector256.Create(l1[k]);
                a10 = Fma.MultiplyAdd(b1, r0, a10);
                a11 = Fma.MultiplyAdd(b1, r1, a11);
                var b2 = Vector256.Create(l2[k]);
                a20 = Fma.MultiplyAdd(b2, r0, a20);
                a21 = Fma.MultiplyAdd(b2, r1, a21);
                var b3 = Vector256.Create(l3[k]);
                a30 = Fma.MultiplyAdd(b3, r0, a30);
                a31 = Fma.MultiplyAdd(b3, r1, a31);
            }
        }
        else
        {
            for (int k = kStart; k < kEnd; k++)
            {
                var (r0, r1) = Vector256.Widen(Vector256.Load(panel + 8 * k));
                var b0 = Vector256.Create(l0[k]);
                a00 += b0 * r0;
                a01 += b0 * r1;
                var b1 = Vector256.Create(l1[k]);
                a10 += b1 * r0;
                a11 += b1 * r1;
                var b2 = Vector256.Create(l2[k]);
                a20 += b2 * r0;
                a21 += b2 * r1;
                var b3 = Vector256.Create(l3[k]);
                a30 += b3 * r0;
                a31 += b3 * r1;
            }
        }
        a00.Store(s0);
        a01.Store(s0 + 4);
        a10.Store(s1);
        a11.Store(s1 + 4);
        a20.Store(s2);
        a21.Store(s2 + 4);
        a30.Store(s3);
        a31.Store(s3 + 4);
    }
}
