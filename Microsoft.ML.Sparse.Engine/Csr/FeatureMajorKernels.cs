// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Numerics;
using System.Runtime.CompilerServices;
using Microsoft.ML.Sparse.Engine.Core.Kernels;

namespace Microsoft.ML.Sparse.Engine.Csr;

/// <summary>
/// The training kernels of a <see cref="CsrTrainingLayer"/> on feature-major activations: a batch is stored as
/// [feature][stride] (stride = batch size rounded up to <see cref="BlockWidth"/>, padding zero in every gradient), so
/// each link touches two contiguous rows of the batch and costs a few SIMD fused multiply-adds, whatever the density.
/// <list type="bullet">
/// <item>Forward: y[r] = b[r] + Σ_k w_k·x[c_k] (optionally ReLU), CSR row by row.</item>
/// <item>Backward: the weight gradient only at the links (SDDMM: ∂w_k = ⟨g[r], x[c_k]⟩), the bias gradient, and
/// the input gradient scattered as dx[c_k] += w_k·g[r] — one pass over the links.</item>
/// </list>
/// Within a batch column every sum runs over the links in CSR order, so results do not depend on the SIMD width.
/// Magnitudes below <see cref="Negligible"/> are flushed to zero where activations and gradients leave a layer (ReLU
/// forward and backward), so the next layer's multiply-adds never see subnormal floats, which Intel cores process
/// about a hundred times slower than normal ones.
/// </summary>
internal static unsafe class FeatureMajorKernels
{
    /// <summary>
    /// 2⁻¹⁰⁰ (≈ 7.9e-31): activations, gradients and optimizer moments smaller than this are set to zero. Far below any
    /// value that changes a weight in float, and far enough above the subnormal range (&lt; 2⁻¹²⁶) that a product with a
    /// weight of magnitude ≥ 2⁻²⁶ stays normal.
    /// </summary>
    public const float Negligible = 7.88860905e-31f;

    /// <summary>Floats per block: four SIMD vectors (32 with AVX2) — the stride is a multiple of it.</summary>
    public static readonly int BlockWidth = 4 * Vector<float>.Count;

    /// <summary>The stride for <paramref name="batch"/> rows.</summary>
    public static int StrideFor(int batch) => Math.Max(BlockWidth, (batch + BlockWidth - 1) / BlockWidth * BlockWidth);

    /// <summary>y = x·Wᵀ + b, feature-major, with ReLU when <paramref name="relu"/>.</summary>
    /// <param name="layer">The layer.</param>
    /// <param name="x">Inputs [Columns][stride].</param>
    /// <param name="y">Outputs [Rows][stride] (overwritten).</param>
    /// <param name="stride">Floats per feature row.</param>
    /// <param name="relu">Whether to apply max(0, ·).</param>
    /// <param name="workers">Threads the rows are split among (null: the calling thread); the result does not depend on them.</param>
    public static void Forward(CsrTrainingLayer layer, ReadOnlySpan<float> x, Span<float> y, int stride, bool relu, KernelWorkers? workers = null)
    {
        CheckStride(stride);
        if (x.Length < layer.Columns * stride || y.Length < layer.Rows * stride)
            throw new ArgumentException($"Buffers too small for layer '{layer.Name}' at stride {stride}.");
        int parts = KernelPartition.LinkParts(layer.LinkCount + (long)layer.Rows, workers);
        fixed (float* px = x, py = y)
        {
            if (parts == 1)
            {
                ForwardRows(layer, px, py, stride, relu, 0, layer.Rows);
                return;
            }
            float* inputs = px, outputs = py;
            KernelPartition.Run(workers, parts, part =>
            {
                var (start, end) = KernelPartition.Range(layer.Pattern.RowPointers, layer.Rows, part, parts);
                ForwardRows(layer, inputs, outputs, stride, relu, start, end);
            });
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardRows(CsrTrainingLayer layer, float* px, float* py, int stride, bool relu, int rowStart, int rowEnd)
    {
        var pointers = layer.Pattern.RowPointers;
        var columns = layer.Pattern.ColumnIndices;
        int vc = Vector<float>.Count;
        fixed (float* pw = layer.Values, pb = layer.Bias)
        fixed (int* pc = columns)
        {
            for (int r = rowStart; r < rowEnd; r++)
            {
                int start = pointers[r], end = pointers[r + 1];
                for (int j = 0; j < stride; j += BlockWidth)
                {
                    var bias = new Vector<float>(pb[r]);
                    Vector<float> a0 = bias, a1 = bias, a2 = bias, a3 = bias;
                    for (int k = start; k < end; k++)
                    {
                        var w = new Vector<float>(pw[k]);
                        float* xc = px + (long)pc[k] * stride + j;
                        a0 = Vector.FusedMultiplyAdd(w, Vector.Load(xc), a0);
                        a1 = Vector.FusedMultiplyAdd(w, Vector.Load(xc + vc), a1);
                        a2 = Vector.FusedMultiplyAdd(w, Vector.Load(xc + 2 * vc), a2);
                        a3 = Vector.FusedMultiplyAdd(w, Vector.Load(xc + 3 * vc), a3);
                    }
                    if (relu)
                    {
                        a0 = Relu(a0);
                        a1 = Relu(a1);
                        a2 = Relu(a2);
                        a3 = Relu(a3);
                    }
                    float* yr = py + (long)r * stride + j;
                    a0.Store(yr);
                    a1.Store(yr + vc);
                    a2.Store(yr + 2 * vc);
                    a3.Store(yr + 3 * vc);
                }
            }
        }
    }

    /// <summary>
    /// Fills <see cref="CsrTrainingLayer.Gradients"/> and <see cref="CsrTrainingLayer.BiasGradients"/> from the output
    /// gradient <paramref name="g"/> [Rows][stride] and the layer's input <paramref name="x"/> [Columns][stride], and,
    /// when <paramref name="dx"/> is not empty, writes the input gradient [Columns][stride] (overwritten). Padding
    /// columns of <paramref name="g"/> must be zero. On one thread the input gradient is scattered in the same pass over
    /// the links; on several, rows compute the link gradients and columns gather the input gradient
    /// (<see cref="FeatureMajorInputGradient"/>), with bit-identical results.
    /// </summary>
    public static void Backward(CsrTrainingLayer layer, ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> dx, int stride, KernelWorkers? workers = null)
    {
        CheckStride(stride);
        bool inputGradient = !dx.IsEmpty;
        if (g.Length < layer.Rows * stride || x.Length < layer.Columns * stride || (inputGradient && dx.Length < layer.Columns * stride))
            throw new ArgumentException($"Buffers too small for layer '{layer.Name}' at stride {stride}.");
        int parts = KernelPartition.LinkParts(layer.LinkCount + (long)layer.Rows, workers);
        fixed (float* pg = g, px = x, pdx = dx)
        {
            if (parts == 1)
            {
                if (inputGradient)
                    dx.Slice(0, layer.Columns * stride).Clear();
                BackwardRows(layer, pg, px, inputGradient ? pdx : null, stride, 0, layer.Rows);
                return;
            }
            float* outputGradient = pg, inputs = px;
            if (inputGradient)
                _ = layer.Pattern.ColumnView;   // built here, read by every thread below
            KernelPartition.Run(workers, parts, part =>
            {
                var (start, end) = KernelPartition.Range(layer.Pattern.RowPointers, layer.Rows, part, parts);
                BackwardRows(layer, outputGradient, inputs, null, stride, start, end);
            });
            if (inputGradient)
                FeatureMajorInputGradient.Compute(layer, pg, pdx, stride, workers);
        }
    }

    /// <summary>Link and bias gradients of rows [rowStart, rowEnd), and the scattered input gradient when <paramref name="pdx"/> is not null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BackwardRows(CsrTrainingLayer layer, float* pg, float* px, float* pdx, int stride, int rowStart, int rowEnd)
    {
        bool inputGradient = pdx != null;
        var pointers = layer.Pattern.RowPointers;
        var columns = layer.Pattern.ColumnIndices;
        int vc = Vector<float>.Count;
        fixed (float* pw = layer.Values, pgw = layer.Gradients, pgb = layer.BiasGradients)
        fixed (int* pc = columns)
        {
            for (int r = rowStart; r < rowEnd; r++)
            {
                int start = pointers[r], end = pointers[r + 1];
                float biasGradient = 0;
                for (int j = 0; j < stride; j += BlockWidth)
                {
                    float* gr = pg + (long)r * stride + j;
                    Vector<float> g0 = Vector.Load(gr), g1 = Vector.Load(gr + vc), g2 = Vector.Load(gr + 2 * vc), g3 = Vector.Load(gr + 3 * vc);
                    biasGradient += Vector.Sum((g0 + g1) + (g2 + g3));
                    bool first = j == 0;
                    for (int k = start; k < end; k++)
                    {
                        long offset = (long)pc[k] * stride + j;
                        float* xc = px + offset;
                        var dot = Vector.FusedMultiplyAdd(g0, Vector.Load(xc), Vector.FusedMultiplyAdd(g1, Vector.Load(xc + vc),
                            Vector.FusedMultiplyAdd(g2, Vector.Load(xc + 2 * vc), g3 * Vector.Load(xc + 3 * vc))));
                        float partial = Vector.Sum(dot);
                        pgw[k] = first ? partial : pgw[k] + partial;
                        if (inputGradient)
                        {
                            var w = new Vector<float>(pw[k]);
                            float* d = pdx + offset;
                            Vector.FusedMultiplyAdd(w, g0, Vector.Load(d)).Store(d);
                            Vector.FusedMultiplyAdd(w, g1, Vector.Load(d + vc)).Store(d + vc);
                            Vector.FusedMultiplyAdd(w, g2, Vector.Load(d + 2 * vc)).Store(d + 2 * vc);
                            Vector.FusedMultiplyAdd(w, g3, Vector.Load(d + 3 * vc)).Store(d + 3 * vc);
                        }
                    }
                }
                pgb[r] = biasGradient;
            }
        }
    }

    /// <summary>
    /// Gradient through ReLU in place: g = 0 where the activation <paramref name="h"/> is not positive, and where |g| is
    /// below <see cref="Negligible"/> (NaN passes through).
    /// </summary>
    public static void ReluBackward(Span<float> g, ReadOnlySpan<float> h, KernelWorkers? workers = null)
    {
        if (g.Length != h.Length)
            throw new ArgumentException("Gradient and activation buffers differ in length.");
        int parts = KernelPartition.ElementParts(g.Length, workers), length = g.Length;
        fixed (float* pg = g, ph = h)
        {
            if (parts == 1)
            {
                ReluBackward(pg, ph, length);
                return;
            }
            float* gradients = pg, activations = ph;
            KernelPartition.Run(workers, parts, part =>
            {
                var (start, end) = KernelPartition.Chunk(length, part, parts);
                ReluBackward(gradients + start, activations + start, end - start);
            });
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReluBackward(float* pg, float* ph, int length)
    {
        int vc = Vector<float>.Count, i = 0;
        var tiny = new Vector<float>(Negligible);
        for (; i <= length - vc; i += vc)
        {
            var gi = Vector.Load(pg + i);
            var drop = Vector.OnesComplement(Vector.GreaterThan(Vector.Load(ph + i), Vector<float>.Zero)) | Vector.LessThan(Vector.Abs(gi), tiny);
            Vector.ConditionalSelect(drop, Vector<float>.Zero, gi).Store(pg + i);
        }
        for (; i < length; i++)
            if (!(ph[i] > 0) || MathF.Abs(pg[i]) < Negligible)
                pg[i] = 0;
    }

    /// <summary>v with magnitudes below <see cref="Negligible"/> set to zero (NaN passes through).</summary>
    public static float Flush(float v) => MathF.Abs(v) < Negligible ? 0f : v;

    /// <summary>max(0, a) with positive values below <see cref="Negligible"/> set to zero (NaN passes through).</summary>
    private static Vector<float> Relu(Vector<float> a) =>
        Vector.ConditionalSelect(Vector.LessThan(a, new Vector<float>(Negligible)), Vector<float>.Zero, a);

    private static void CheckStride(int stride)
    {
        if (stride < BlockWidth || stride % BlockWidth != 0)
            throw new ArgumentOutOfRangeException(nameof(stride), stride, $"The stride must be a positive multiple of {BlockWidth}.");
    }
}
