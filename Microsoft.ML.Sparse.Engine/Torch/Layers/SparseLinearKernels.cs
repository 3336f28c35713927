// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Numerics;
using System.Runtime.CompilerServices;
using Microsoft.ML.Sparse.Engine.Core.Kernels;

namespace Microsoft.ML.Sparse.Engine.Torch.Layers;

/// <summary>
/// The kernels of <see cref="SparseLinearFunction"/> on feature-major token panels: activations are stored as
/// [feature][stride] with stride = tokens rounded up to <see cref="Panel"/> (padding zero), and every kernel walks one
/// panel of <see cref="Panel"/> tokens (eight SIMD vectors, eight independent fused multiply-add chains, so the loop is
/// bound by loads and FMAs rather than by the FMA latency) per link.
/// <list type="bullet">
/// <item>Forward: y[r] = b[r] + Σ_k w_k·x[c_k] over the CSR row, panel by panel.</item>
/// <item>Input gradient: dx[c] = Σ_k w_k·g[r_k] over the CSC column (gathered, no read-modify-write of dx).</item>
/// <item>Link gradient: ∂w_k = ⟨g[r], x[c_k]⟩ over token groups whose input slice stays in the L2 cache.</item>
/// </list>
/// Panels (forward, input gradient) or rows (link gradient) are split among <see cref="KernelWorkers"/>; every output
/// value is computed by one thread in a fixed order, so results do not depend on the number of threads.
/// </summary>
internal static unsafe class SparseLinearKernels
{
    /// <summary>Tokens per panel: eight SIMD vectors.</summary>
    public static readonly int Panel = 8 * Vector<float>.Count;

    /// <summary>Floats of the input slice the link gradient keeps in cache per token group (512 KB).</summary>
    private const int GroupFloats = 1 << 17;

    /// <summary>The stride for <paramref name="tokens"/> tokens.</summary>
    public static int StrideFor(long tokens) => (int)Math.Max(Panel, (tokens + Panel - 1) / Panel * Panel);

    /// <summary>y [Rows][stride] = x [Columns][stride] through the links, plus the bias (null: none).</summary>
    public static void Forward(LinkPattern links, float[] values, float[]? bias, float* x, float* y, int stride, KernelWorkers? workers)
    {
        int panels = stride / Panel;
        int parts = Math.Min(panels, KernelPartition.LinkParts((links.LinkCount + (long)links.Rows) * panels / 4, workers));
        KernelPartition.Run(workers, parts, part =>
        {
            int first = panels * part / parts, last = panels * (part + 1) / parts;
            fixed (float* pw = values, pb = bias)
            fixed (int* pp = links.RowPointers, pc = links.ColumnIndices)
                for (int p = first; p < last; p++)
                    Gather(pp, pc, null, pw, pb, x, y, links.Rows, stride, p * Panel);
        });
    }

    /// <summary>dx [Columns][stride] (overwritten) = Wᵀ·g for g [Rows][stride], gathered over the CSC view of the links.</summary>
    public static void InputGradient(LinkPattern links, float[] values, float* g, float* dx, int stride, KernelWorkers? workers)
    {
        var (pointers, rows, order) = links.ColumnView;
        int panels = stride / Panel;
        int parts = Math.Min(panels, KernelPartition.LinkParts((links.LinkCount + (long)links.Columns) * panels / 4, workers));
        KernelPartition.Run(workers, parts, part =>
        {
            int first = panels * part / parts, last = panels * (part + 1) / parts;
            fixed (float* pw = values)
            fixed (int* pp = pointers, pr = rows, po = order)
                for (int p = first; p < last; p++)
                    Gather(pp, pr, po, pw, null, g, dx, links.Columns, stride, p * Panel);
        });
    }

    /// <summary>∂w_k = Σ_t g[r][t]·x[c_k][t] for every link (written to <paramref name="linkGradient"/>, CSR order).</summary>
    public static void LinkGradient(LinkPattern links, float* g, float* x, float[] linkGradient, int stride, KernelWorkers? workers)
    {
        int group = Math.Clamp(GroupFloats / links.Columns / Panel * Panel, Panel, stride);
        int parts = KernelPartition.LinkParts((links.LinkCount + (long)links.Rows) * (stride / Panel) / 4, workers);
        KernelPartition.Run(workers, parts, part =>
        {
            var (start, end) = KernelPartition.Range(links.RowPointers, links.Rows, part, parts);
            fixed (float* pgw = linkGradient)
            fixed (int* pp = links.RowPointers, pc = links.ColumnIndices)
                for (int j = 0; j < stride; j += group)
                    Dots(pp, pc, g, x, pgw, stride, start, end, j, Math.Min(group, stride - j), j == 0);
        });
    }

    /// <summary>out[u][j..j+Panel] = b[u] + Σ_k w[link(k)]·in[index[k]][j..j+Panel] for every unit u (a CSR row or CSC column).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Gather(int* pointers, int* index, int* order, float* w, float* b, float* input, float* output, int units, int stride, int j)
    {
        int vc = Vector<float>.Count;
        for (int u = 0; u < units; u++)
        {
            var a0 = new Vector<float>(b == null ? 0f : b[u]);
            Vector<float> a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
            for (int k = pointers[u], end = pointers[u + 1]; k < end; k++)
            {
                var wk = new Vector<float>(w[order == null ? k : order[k]]);
                float* s = input + (long)index[k] * stride + j;
                a0 = Vector.FusedMultiplyAdd(wk, Vector.Load(s), a0);
                a1 = Vector.FusedMultiplyAdd(wk, Vector.Load(s + vc), a1);
                a2 = Vector.FusedMultiplyAdd(wk, Vector.Load(s + 2 * vc), a2);
                a3 = Vector.FusedMultiplyAdd(wk, Vector.Load(s + 3 * vc), a3);
                a4 = Vector.FusedMultiplyAdd(wk, Vector.Load(s + 4 * vc), a4);
                a5 = Vector.FusedMultiplyAdd(wk, Vector.Load(s + 5 * vc), a5);
                a6 = Vector.FusedMultiplyAdd(wk, Vector.Load(s + 6 * vc), a6);
                a7 = Vector.FusedMultiplyAdd(wk, Vector.Load(s + 7 * vc), a7);
            }
            float* d = output + (long)u * stride + j;
            a0.Store(d);
            a1.Store(d + vc);
            a2.Store(d + 2 * vc);
            a3.Store(d + 3 * vc);
            a4.Store(d + 4 * vc);
            a5.Store(d + 5 * vc);
            a6.Store(d + 6 * vc);
            a7.Store(d + 7 * vc);
        }
    }

    /// <summary>Adds (or, when <paramref name="first"/>, writes) ⟨g[r], x[c_k]⟩ over tokens [j, j + width) to every link of rows [start, end).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dots(int* pointers, int* columns, float* g, float* x, float* linkGradient, int stride, int start, int end, int j, int width, bool first)
    {
        int vc = Vector<float>.Count;
        for (int r = start; r < end; r++)
        {
            float* gr = g + (long)r * stride + j;
            for (int k = pointers[r], last = pointers[r + 1]; k < last; k++)
            {
                float* xc = x + (long)columns[k] * stride + j;
                Vector<float> a0 = Vector<float>.Zero, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
                for (int t = 0; t < width; t += Panel)
                {
                    a0 = Vector.FusedMultiplyAdd(Vector.Load(gr + t), Vector.Load(xc + t), a0);
                    a1 = Vector.FusedMultiplyAdd(Vector.Load(gr + t + vc), Vector.Load(xc + t + vc), a1);
                    a2 = Vector.FusedMultiplyAdd(Vector.Load(gr + t + 2 * vc), Vector.Load(xc + t + 2 * vc), a2);
                    a3 = Vector.FusedMultiplyAdd(Vector.Load(gr + t + 3 * vc), Vector.Load(xc + t + 3 * vc), a3);
                    a4 = Vector.FusedMultiplyAdd(Vector.Load(gr + t + 4 * vc), Vector.Load(xc + t + 4 * vc), a4);
                    a5 = Vector.FusedMultiplyAdd(Vector.Load(gr + t + 5 * vc), Vector.Load(xc + t + 5 * vc), a5);
                    a6 = Vector.FusedMultiplyAdd(Vector.Load(gr + t + 6 * vc), Vector.Load(xc + t + 6 * vc), a6);
                    a7 = Vector.FusedMultiplyAdd(Vector.Load(gr + t + 7 * vc), Vector.Load(xc + t + 7 * vc), a7);
                }
                float partial = Vector.Sum(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)));
                linkGradient[k] = first ? partial : linkGradient[k] + partial;
            }
        }
    }
}
