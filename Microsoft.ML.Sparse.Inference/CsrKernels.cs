// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Microsoft.ML.Sparse.Inference;

/// <summary>
/// y = W·x + b for a CSR matrix W. On x64 with AVX2 and FMA each row is computed 8 entries at a time with hardware
/// gathers of x (the row's last step masked), and 8 rows' partial sums are reduced together into one vector; other
/// machines use a scalar loop. Correct for any row length, including empty rows.
/// </summary>
internal static class CsrKernels
{
    /// <summary>True when the AVX2 gather path is used on this machine.</summary>
    public static bool IsAvx2Available => Avx2.IsSupported && Fma.IsSupported;

    /// <summary>Forces the scalar kernel everywhere (benchmarks compare both paths); false by default.</summary>
    internal static bool ForceScalar { get; set; }

    /// <summary>Computes <paramref name="y"/> = <paramref name="w"/>·<paramref name="x"/> + <paramref name="bias"/>.</summary>
    public static void MultiplyAdd(CsrMatrix w, ReadOnlySpan<float> x, ReadOnlySpan<float> bias, Span<float> y)
    {
        CheckShapes(w, x, bias, y);
        if (IsAvx2Available && !ForceScalar)
            MultiplyAddAvx2Unchecked(w, x, bias, y);
        else
            MultiplyAddScalarUnchecked(w, x, bias, y);
    }

    /// <summary>The portable scalar kernel (also the reference for tests).</summary>
    public static void MultiplyAddScalar(CsrMatrix w, ReadOnlySpan<float> x, ReadOnlySpan<float> bias, Span<float> y)
    {
        CheckShapes(w, x, bias, y);
        MultiplyAddScalarUnchecked(w, x, bias, y);
    }

    /// <summary>The AVX2 kernel; throws <see cref="PlatformNotSupportedException"/> without AVX2 and FMA.</summary>
    public static void MultiplyAddAvx2(CsrMatrix w, ReadOnlySpan<float> x, ReadOnlySpan<float> bias, Span<float> y)
    {
        if (!IsAvx2Available)
            throw new PlatformNotSupportedException("AVX2 and FMA are not available on this machine.");
        CheckShapes(w, x, bias, y);
        MultiplyAddAvx2Unchecked(w, x, bias, y);
    }

    private static void CheckShapes(CsrMatrix w, ReadOnlySpan<float> x, ReadOnlySpan<float> bias, Span<float> y)
    {
        ArgumentNullException.ThrowIfNull(w);
        if (x.Length != w.Columns)
            throw new ArgumentException($"Input has {x.Length} values, the matrix {w.Columns} columns.", nameof(x));
        if (bias.Length != w.Rows || y.Length != w.Rows)
            throw new ArgumentException($"Bias ({bias.Length}) and output ({y.Length}) must both have {w.Rows} values.", nameof(y));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyAddScalarUnchecked(CsrMatrix w, ReadOnlySpan<float> x, ReadOnlySpan<float> bias, Span<float> y)
    {
        var pointers = w.RowPointers;
        var values = w.Values;
        if (w.Uses16BitIndices)
        {
            var columns = w.ColumnIndices16;
            for (int r = 0; r < y.Length; r++)
            {
                float sum = 0f;
                for (int k = pointers[r]; k < pointers[r + 1]; k++)
                    sum += values[k] * x[columns[k]];
                y[r] = sum + bias[r];
            }
        }
        else
        {
            var columns = w.ColumnIndices32;
            for (int r = 0; r < y.Length; r++)
            {
                float sum = 0f;
                for (int k = pointers[r]; k < pointers[r + 1]; k++)
                    sum += values[k] * x[columns[k]];
                y[r] = sum + bias[r];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void MultiplyAddAvx2Unchecked(CsrMatrix w, ReadOnlySpan<float> x, ReadOnlySpan<float> bias, Span<float> y)
    {
        // Indices were validated when the matrix was built (0 <= c < Columns == x.Length) and the index/value arrays
        // are padded by one vector, so full-vector loads at the end of a row stay inside the arrays; lanes beyond the
        // row's end are masked out of the gather (x = 0) and contribute value·0 = 0.
        fixed (int* pointers = w.RowPointers)
        fixed (float* values = w.PaddedValues)
        fixed (float* px = x)
        fixed (float* pb = bias)
        fixed (float* py = y)
        {
            if (w.Uses16BitIndices)
            {
                fixed (ushort* columns = w.PaddedColumnIndices16)
                {
                    int r = 0;
                    for (; r + 8 <= w.Rows; r += 8)
                    {
                        int* p = pointers + r;
                        var sums = Reduce8(
                            Row16(values, columns, p[0], p[1], px), Row16(values, columns, p[1], p[2], px),
                            Row16(values, columns, p[2], p[3], px), Row16(values, columns, p[3], p[4], px),
                            Row16(values, columns, p[4], p[5], px), Row16(values, columns, p[5], p[6], px),
                            Row16(values, columns, p[6], p[7], px), Row16(values, columns, p[7], p[8], px));
                        Avx.Store(py + r, Avx.Add(sums, Avx.LoadVector256(pb + r)));
                    }
                    for (; r < w.Rows; r++)
                        py[r] = Sum(Row16(values, columns, pointers[r], pointers[r + 1], px)) + pb[r];
                }
            }
            else
            {
                fixed (int* columns = w.PaddedColumnIndices32)
                {
                    int r = 0;
                    for (; r + 8 <= w.Rows; r += 8)
                    {
                        int* p = pointers + r;
                        var sums = Reduce8(
                            Row32(values, columns, p[0], p[1], px), Row32(values, columns, p[1], p[2], px),
                            Row32(values, columns, p[2], p[3], px), Row32(values, columns, p[3], p[4], px),
                            Row32(values, columns, p[4], p[5], px), Row32(values, columns, p[5], p[6], px),
                            Row32(values, columns, p[6], p[7], px), Row32(values, columns, p[7], p[8], px));
                        Avx.Store(py + r, Avx.Add(sums, Avx.LoadVector256(pb + r)));
                    }
                    for (; r < w.Rows; r++)
                        py[r] = Sum(Row32(values, columns, pointers[r], pointers[r + 1], px)) + pb[r];
                }
            }
        }
    }

    private static readonly Vector256<int> Lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);

    /// <summary>Lane-wise partial sums of one row (16-bit indices), 8 entries per step with a masked tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<float> Row16(float* values, ushort* columns, int start, int end, float* x)
    {
        var acc = Vector256<float>.Zero;
        for (int k = start; k < end; k += 8)
        {
            var index = Avx2.ConvertToVector256Int32(columns + k);
            var mask = Avx2.CompareGreaterThan(Vector256.Create(end - k), Lanes).AsSingle();
            var gathered = Avx2.GatherMaskVector256(Vector256<float>.Zero, x, index, mask, 4);
            acc = Fma.MultiplyAdd(Avx.LoadVector256(values + k), gathered, acc);
        }
        return acc;
    }

    /// <summary>Lane-wise partial sums of one row (32-bit indices), 8 entries per step with a masked tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<float> Row32(float* values, int* columns, int start, int end, float* x)
    {
        var acc = Vector256<float>.Zero;
        for (int k = start; k < end; k += 8)
        {
            var mask = Avx2.CompareGreaterThan(Vector256.Create(end - k), Lanes).AsSingle();
            var gathered = Avx2.GatherMaskVector256(Vector256<float>.Zero, x, Avx.LoadVector256(columns + k), mask, 4);
            acc = Fma.MultiplyAdd(Avx.LoadVector256(values + k), gathered, acc);
        }
        return acc;
    }

    /// <summary>The 8 horizontal sums of 8 vectors, as one vector (element i = sum of a_i).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Reduce8(Vector256<float> a0, Vector256<float> a1, Vector256<float> a2, Vector256<float> a3,
        Vector256<float> a4, Vector256<float> a5, Vector256<float> a6, Vector256<float> a7)
    {
        var u0 = Avx.HorizontalAdd(Avx.HorizontalAdd(a0, a1), Avx.HorizontalAdd(a2, a3));
        var u1 = Avx.HorizontalAdd(Avx.HorizontalAdd(a4, a5), Avx.HorizontalAdd(a6, a7));
        return Avx.Add(Avx.Permute2x128(u0, u1, 0x20), Avx.Permute2x128(u0, u1, 0x31));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Sum(Vector256<float> v) => Sum(Sse.Add(v.GetLower(), v.GetUpper()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Sum(Vector128<float> v)
    {
        var pairs = Sse.Add(v, Sse.MoveHighToLow(v, v));
        return Sse.AddScalar(pairs, Sse.Shuffle(pairs, pairs, 0x55)).ToScalar();
    }
}
