// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Microsoft.ML.Sparse.Inference;

/// <summary>y = W·x + b for a dense row-major W, vectorised with <see cref="Vector{T}"/>.</summary>
internal static class DenseKernels
{
    /// <summary>Computes <paramref name="y"/> = <paramref name="w"/>·<paramref name="x"/> + <paramref name="bias"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyAdd(DenseMatrix w, ReadOnlySpan<float> x, ReadOnlySpan<float> bias, Span<float> y)
    {
        ArgumentNullException.ThrowIfNull(w);
        if (x.Length != w.Columns)
            throw new ArgumentException($"Input has {x.Length} values, the matrix {w.Columns} columns.", nameof(x));
        if (bias.Length != w.Rows || y.Length != w.Rows)
            throw new ArgumentException($"Bias ({bias.Length}) and output ({y.Length}) must both have {w.Rows} values.", nameof(y));
        for (int r = 0; r < w.Rows; r++)
            y[r] = Dot(w.Row(r), x) + bias[r];
    }

    /// <summary>The dot product of two spans of equal length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int i = 0;
        float sum = 0f;
        int width = Vector<float>.Count;
        if (Vector.IsHardwareAccelerated && a.Length >= 2 * width)
        {
            var va = MemoryMarshal.Cast<float, Vector<float>>(a);
            var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
            Vector<float> acc0 = Vector<float>.Zero, acc1 = Vector<float>.Zero;
            int v = 0;
            for (; v + 1 < va.Length; v += 2)
            {
                acc0 += va[v] * vb[v];
                acc1 += va[v + 1] * vb[v + 1];
            }
            if (v < va.Length)
                acc0 += va[v] * vb[v];
            sum = Vector.Sum(acc0 + acc1);
            i = va.Length * width;
        }
        for (; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }
}
