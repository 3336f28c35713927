// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Microsoft.ML.Sparse.Engine.Core.Kernels;

namespace Microsoft.ML.Sparse.Engine.Torch.Layers;

/// <summary>
/// The layout changes at the boundary between TorchSharp's row-major activations [tokens, features] and the
/// feature-major panels [features][stride] of <see cref="SparseLinearKernels"/>: one cache-blocked transpose each way
/// (8 × 8 tiles in AVX registers where the CPU has AVX), the padding tokens of a feature-major buffer set to zero.
/// </summary>
internal static unsafe class SparseLinearLayout
{
    private const int Tile = 8;
    private const int Block = 64;

    /// <summary>dst[f·stride + t] = src[t·features + f] for t &lt; tokens; dst[f·stride + t] = 0 for tokens ≤ t &lt; stride.</summary>
    public static void ToFeatureMajor(float* src, int tokens, int features, float* dst, int stride, KernelWorkers? workers)
    {
        Transpose(src, tokens, features, features, dst, stride, workers);
        if (tokens < stride)
            for (int f = 0; f < features; f++)
                new Span<float>(dst + (long)f * stride + tokens, stride - tokens).Clear();
    }

    /// <summary>dst[t·features + f] = src[f·stride + t] for t &lt; tokens.</summary>
    public static void ToRowMajor(float* src, int features, int stride, int tokens, float* dst, KernelWorkers? workers) =>
        Transpose(src, features, tokens, stride, dst, features, workers);

    /// <summary>dst[c·dstStride + r] = src[r·srcStride + c] for r &lt; rows, c &lt; columns; blocks of rows split among the workers.</summary>
    private static void Transpose(float* src, int rows, int columns, int srcStride, float* dst, int dstStride, KernelWorkers? workers)
    {
        int blocks = (rows + Block - 1) / Block;
        int parts = Math.Min(blocks, KernelPartition.ElementParts((long)rows * columns, workers));
        KernelPartition.Run(workers, parts, part =>
        {
            int first = blocks * part / parts, last = blocks * (part + 1) / parts;
            for (int r0 = first * Block; r0 < Math.Min(rows, last * Block); r0 += Block)
                for (int c0 = 0; c0 < columns; c0 += Block)
                    TransposeBlock(src, dst, srcStride, dstStride, r0, Math.Min(rows, r0 + Block), c0, Math.Min(columns, c0 + Block));
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransposeBlock(float* src, float* dst, int srcStride, int dstStride, int r0, int r1, int c0, int c1)
    {
        int r = r0;
        if (Avx.IsSupported)
        {
            for (; r + Tile <= r1; r += Tile)
            {
                int c = c0;
                for (; c + Tile <= c1; c += Tile)
                    Tile8(src + (long)r * srcStride + c, srcStride, dst + (long)c * dstStride + r, dstStride);
                for (; c < c1; c++)
                    for (int i = r; i < r + Tile; i++)
                        dst[(long)c * dstStride + i] = src[(long)i * srcStride + c];
            }
        }
        for (; r < r1; r++)
            for (int c = c0; c < c1; c++)
                dst[(long)c * dstStride + r] = src[(long)r * srcStride + c];
    }

    /// <summary>Transposes one 8 × 8 tile in AVX registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile8(float* s, int ss, float* d, int ds)
    {
        var r0 = Avx.LoadVector256(s);
        var r1 = Avx.LoadVector256(s + ss);
        var r2 = Avx.LoadVector256(s + 2 * ss);
        var r3 = Avx.LoadVector256(s + 3 * ss);
        var r4 = Avx.LoadVector256(s + 4 * ss);
        var r5 = Avx.LoadVector256(s + 5 * ss);
        var r6 = Avx.LoadVector256(s + 6 * ss);
        var r7 = Avx.LoadVector256(s + 7 * ss);
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5), t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE), u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE), u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(d, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(d + ds, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(d + 2 * ds, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(d + 3 * ds, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(d + 4 * ds, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(d + 5 * ds, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(d + 6 * ds, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(d + 7 * ds, Avx.Permute2x128(u3, u7, 0x31));
    }
}
