// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core.Kernels;

namespace Microsoft.ML.Sparse.Engine.Torch.Layers;

/// <summary>
/// y = x·(W⊙M)ᵀ + b on the CPU with the managed CSR kernels of <see cref="SparseLinearKernels"/>, as a TorchSharp
/// autograd function: the forward pass and both gradients touch only the active links. Arguments of <c>apply</c>: input
/// [..., in] (float32, CPU), the dense weight [out, in] (zero off the mask, as <see cref="MaskedLinear"/> keeps it), the
/// bias [out] or null, and the mask's <see cref="SparseLinearPattern"/>. At the autograd boundary the input and the
/// output gradient are transposed once into feature-major panels (buffers kept per layer, <see cref="SparseLinearWorkspace"/>; no libtorch copy), the output and the
/// input gradient once back; the bias is added inside the forward kernel. The weight gradient is returned dense with zeros
/// off the links, so optimisers, gradient masking and topology rounds work unchanged; with a fifth argument <c>true</c>
/// (a weight the <c>LinkSpaceOptimizer</c> updates) no dense gradient is formed: the link gradients wait in the
/// workspace for the optimizer instead. Equal to the masked dense product
/// up to the order of the sums (tested within 1e-5).
/// </summary>
internal sealed unsafe class SparseLinearFunction : autograd.SingleTensorFunction<SparseLinearFunction>
{
    /// <summary>Threads the kernels and layout changes are split among (null: the calling thread only).</summary>
    public static KernelWorkers? Workers { get; set; }

    /// <summary>The clock of <see cref="LayoutTicks"/> and <see cref="KernelTicks"/> (a benchmark may read the thread's CPU time instead).</summary>
    public static Func<long> Clock { get; set; } = Stopwatch.GetTimestamp;

    /// <summary><see cref="Clock"/> ticks spent in layout changes at the autograd boundary (transposes, gathers, scatters) since the start.</summary>
    public static long LayoutTicks;

    /// <summary><see cref="Clock"/> ticks spent in the multiply-add kernels since the start.</summary>
    public static long KernelTicks;

    /// <inheritdoc/>
    public override string Name => nameof(SparseLinearFunction);

    /// <inheritdoc/>
    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var input = (Tensor)vars[0];
        var weight = (Tensor)vars[1];
        var bias = vars[2] as Tensor;
        var pattern = (SparseLinearPattern)vars[3];
        var links = pattern.Links;
        int inputs = links.Columns, outputs = links.Rows;
        int rows = checked((int)(input.numel() / inputs));
        int stride = SparseLinearKernels.StrideFor(rows);
        var workers = Workers;
        var clock = Clock;

        long start = clock();
        var workspace = pattern.Workspace;
        var x = workspace.HoldInput(inputs * stride);
        bool shared = ReferenceEquals(x, workspace.HoldInputPeek);
        var values = pattern.Gather(weight, shared ? workspace.Values ??= new float[links.LinkCount] : new float[links.LinkCount]);
        float[]? biasValues = bias is null ? null : Contiguous(bias);
        var y = workspace.Output(outputs * stride);
        using (var rowMajor = input.reshape(rows, inputs).contiguous())
        fixed (float* px = x)
            SparseLinearLayout.ToFeatureMajor(Pointer(rowMajor), rows, inputs, px, stride, workers);
        long kernel = clock();
        fixed (float* px = x, py = y)
            SparseLinearKernels.Forward(links, values, biasValues, px, py, stride, workers);
        long layout = clock();
        var result = empty(rows, outputs);
        fixed (float* py = y)
            SparseLinearLayout.ToRowMajor(py, outputs, stride, rows, Pointer(result), workers);
        Interlocked.Add(ref KernelTicks, layout - kernel);
        Interlocked.Add(ref LayoutTicks, kernel - start + clock() - layout);

        ctx.save_data("x", x);
        ctx.save_data("values", values);
        ctx.save_data("pattern", pattern);
        ctx.save_data("shape", input.shape);
        ctx.save_data("hasBias", bias is not null);
        ctx.save_data("linkGradientOnly", vars.Length > 4 && vars[4] is true);
        var shape = input.shape.ToArray();
        shape[^1] = outputs;
        return result.reshape(shape);
    }

    /// <inheritdoc/>
    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        var x = (float[])ctx.get_data("x");
        var values = (float[])ctx.get_data("values");
        var pattern = (SparseLinearPattern)ctx.get_data("pattern");
        var shape = (long[])ctx.get_data("shape");
        var links = pattern.Links;
        int inputs = links.Columns, outputs = links.Rows;
        int rows = checked((int)(grad_output.numel() / outputs));
        int stride = SparseLinearKernels.StrideFor(rows);
        var workers = Workers;
        var clock = Clock;

        long start = clock();
        var workspace = pattern.Workspace;
        var g = workspace.Output(outputs * stride);
        var dx = workspace.InputGradient(inputs * stride);
        var linkGradient = workspace.LinkGradient ??= new float[links.LinkCount];
        using var rowMajor = grad_output.reshape(rows, outputs).contiguous();
        fixed (float* pg = g)
            SparseLinearLayout.ToFeatureMajor(Pointer(rowMajor), rows, outputs, pg, stride, workers);
        _ = links.ColumnView;   // built here, read by every thread below
        long kernel = clock();
        fixed (float* pg = g, px = x, pdx = dx)
        {
            SparseLinearKernels.InputGradient(links, values, pg, pdx, stride, workers);
            SparseLinearKernels.LinkGradient(links, pg, px, linkGradient, stride, workers);
        }
        long layout = clock();
        workspace.ReleaseInput(x);
        var inputGradient = empty(rows, inputs);
        fixed (float* pdx = dx)
            SparseLinearLayout.ToRowMajor(pdx, inputs, stride, rows, Pointer(inputGradient), workers);
        Tensor? weightGradient = null;
        if ((bool)ctx.get_data("linkGradientOnly"))
        {
            workspace.AddPendingLinkGradient(linkGradient);
        }
        else
        {
            weightGradient = zeros(outputs, inputs);
            pattern.Scatter(linkGradient, new Span<float>(Pointer(weightGradient), outputs * inputs));
        }
        var biasGradient = (bool)ctx.get_data("hasBias") ? rowMajor.sum(dim: 0L) : null;
        Interlocked.Add(ref KernelTicks, layout - kernel);
        Interlocked.Add(ref LayoutTicks, kernel - start + clock() - layout);
        return new List<Tensor> { inputGradient.reshape(shape), weightGradient!, biasGradient!, null!, null! };
    }

    private static float[] Contiguous(Tensor tensor)
    {
        using var c = tensor.detach().contiguous();
        return MemoryMarshal.Cast<byte, float>(c.bytes).ToArray();
    }

    /// <summary>The address of a contiguous CPU tensor's floats (native memory: the garbage collector never moves it).</summary>
    private static float* Pointer(Tensor contiguous)
    {
        fixed (byte* p = contiguous.bytes)
            return (float*)p;
    }
}
