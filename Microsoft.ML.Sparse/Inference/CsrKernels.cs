using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Microsoft.ML.Sparse.Inference;

/// <summary>
/// y = W·x + b for a CSR matrix W. On x64 with AVX2 and FMA the products of each row are computed 8 (then 4) at a
/// time with hardware gathers of x; other machines, and the tail of each row, use a scalar loop. Correct for any
/// row length, including empty rows.
/// </summary>
internal static class CsrKernels
{
    /// <summary>True when the AVX2 gather path is used on this machine.</summary>
    public static bool IsAvx2Available => Avx2.IsSupported && Fma.IsSupported;

    /// <summary>Computes <paramref name="y"/> = <paramref name="w"/>·<paramref name="x"/> + <paramref name="bias"/>.</summary>
    public static void MultiplyAdd(CsrMatrix w, ReadOnlySpan<float> x, ReadOnlySpan<float> bias, Span<float> y)
    {
        CheckShapes(w, x, bias, y);
        if (IsAvx2Available)
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

    private static unsafe void MultiplyAddAvx2Unchecked(CsrMatrix w, ReadOnlySpan<float> x, ReadOnlySpan<float> bias, Span<float> y)
    {
        // Indices were validated when the matrix was built (0 <= c < Columns == x.Length), so gathers stay in bounds.
        fixed (int* pointers = w.RowPointers)
        fixed (float* values = w.Values)
        fixed (float* px = x)
        fixed (float* pb = bias)
        fixed (float* py = y)
        {
            if (w.Uses16BitIndices)
            {
                fixed (ushort* columns = w.ColumnIndices16)
                {
                    for (int r = 0; r < w.Rows; r++)
                        py[r] = RowDot16(values, columns, pointers[r], pointers[r + 1], px) + pb[r];
                }
            }
            else
            {
                fixed (int* columns = w.ColumnIndices32)
                {
                    for (int r = 0; r < w.Rows; r++)
                        py[r] = RowDot32(values, columns, pointers[r], pointers[r + 1], px) + pb[r];
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe float RowDot16(float* values, ushort* columns, int start, int end, float* x)
    {
        int k = start;
        float sum = 0f;
        if (end - k >= 8)
        {
            var acc = Vector256<float>.Zero;
            for (; k + 8 <= end; k += 8)
            {
                var index = Avx2.ConvertToVector256Int32(columns + k);
                var gathered = Avx2.GatherVector256(x, index, 4);
                acc = Fma.MultiplyAdd(Avx.LoadVector256(values + k), gathered, acc);
            }
            sum = Sum(acc);
        }
        if (end - k >= 4)
        {
            var index = Sse41.ConvertToVector128Int32(columns + k);
            var gathered = Avx2.GatherVector128(x, index, 4);
            sum += Sum(Sse.Multiply(Sse.LoadVector128(values + k), gathered));
            k += 4;
        }
        for (; k < end; k++)
            sum += values[k] * x[columns[k]];
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe float RowDot32(float* values, int* columns, int start, int end, float* x)
    {
        int k = start;
        float sum = 0f;
        if (end - k >= 8)
        {
            var acc = Vector256<float>.Zero;
            for (; k + 8 <= end; k += 8)
            {
                var gathered = Avx2.GatherVector256(x, Avx.LoadVector256(columns + k), 4);
                acc = Fma.MultiplyAdd(Avx.LoadVector256(values + k), gathered, acc);
            }
            sum = Sum(acc);
        }
        if (end - k >= 4)
        {
            var gathered = Avx2.GatherVector128(x, Sse2.LoadVector128(columns + k), 4);
            sum += Sum(Sse.Multiply(Sse.LoadVector128(values + k), gathered));
            k += 4;
        }
        for (; k < end; k++)
            sum += values[k] * x[columns[k]];
        return sum;
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
