// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.InteropServices;
using Microsoft.ML.Sparse.Engine.Managed;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Layers;

/// <summary>
/// y = x·(W⊙M)ᵀ + b on the CPU with the managed feature-major CSR kernels of the sparse MLP engine
/// (<see cref="FeatureMajorKernels"/>), as a TorchSharp autograd function: the forward pass and both gradients touch only
/// the active links. Arguments of <c>apply</c>: input [..., in] (float32, CPU), the dense weight [out, in] (zero off the
/// mask, as <see cref="MaskedLinear"/> keeps it), the bias [out] or null, and the mask's <see cref="SparseLinearPattern"/>.
/// The weight gradient is returned dense with zeros off the links, so optimisers, gradient masking and topology rounds
/// work unchanged. Equal to the masked dense product up to the order of the sums (tested within 1e-5).
/// </summary>
internal sealed class SparseLinearFunction : autograd.SingleTensorFunction<SparseLinearFunction>
{
    /// <inheritdoc/>
    public override string Name => nameof(SparseLinearFunction);

    /// <summary>
    /// Tokens per kernel call: the kernels stream the linked input rows once per output row, so the token range is cut
    /// into chunks whose feature-major slice ([in, chunk] floats) stays in the L2 cache (one 1536-token pass over a 2048-wide
    /// layer was 3-4x slower than chunks of 64).
    /// </summary>
    private static readonly int Chunk = 2 * FeatureMajorKernels.BlockWidth;

    /// <inheritdoc/>
    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var input = (Tensor)vars[0];
        var weight = (Tensor)vars[1];
        var bias = vars[2] as Tensor;
        var pattern = (SparseLinearPattern)vars[3];
        int inputs = pattern.Links.Columns, outputs = pattern.Links.Rows;
        long rows = input.numel() / inputs;
        long chunks = (rows + Chunk - 1) / Chunk;

        var x = Chunked(input.reshape(rows, inputs), chunks);
        var layer = new CsrTrainingLayer("sparse-linear", pattern.Links, pattern.Gather(weight),
            bias is null ? new float[outputs] : bias.detach().contiguous().data<float>().ToArray(), evolves: false);
        using var y = empty(chunks, outputs, Chunk);
        var xs = Floats(x);
        var ys = Floats(y);
        for (int c = 0; c < chunks; c++)
            FeatureMajorKernels.Forward(layer, xs.Slice(c * inputs * Chunk, inputs * Chunk), ys.Slice(c * outputs * Chunk, outputs * Chunk), Chunk, relu: false);

        ctx.save_for_backward(new List<Tensor> { x });
        ctx.save_data("layer", layer);
        ctx.save_data("pattern", pattern);
        ctx.save_data("shape", input.shape);
        ctx.save_data("hasBias", bias is not null);
        var shape = input.shape.ToArray();
        shape[^1] = outputs;
        return RowMajor(y, rows).reshape(shape);
    }

    /// <inheritdoc/>
    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        var x = ctx.get_saved_variables()[0];
        var layer = (CsrTrainingLayer)ctx.get_data("layer");
        var shape = (long[])ctx.get_data("shape");
        int inputs = layer.Columns, outputs = layer.Rows;
        long rows = grad_output.numel() / outputs;
        long chunks = x.shape[0];

        using var g = Chunked(grad_output.reshape(rows, outputs), chunks);
        using var dx = empty(chunks, inputs, Chunk);
        var gs = Floats(g);
        var xs = Floats(x);
        var dxs = Floats(dx);
        var linkGradient = new float[layer.LinkCount];
        var biasGradient = new float[outputs];
        for (int c = 0; c < chunks; c++)
        {
            FeatureMajorKernels.Backward(layer, gs.Slice(c * outputs * Chunk, outputs * Chunk), xs.Slice(c * inputs * Chunk, inputs * Chunk),
                dxs.Slice(c * inputs * Chunk, inputs * Chunk), Chunk);
            for (int k = 0; k < linkGradient.Length; k++)
                linkGradient[k] += layer.Gradients[k];
            for (int r = 0; r < outputs; r++)
                biasGradient[r] += layer.BiasGradients[r];
        }

        var weightGradient = zeros(outputs, inputs);
        ((SparseLinearPattern)ctx.get_data("pattern")).Scatter(linkGradient, Floats(weightGradient));
        var biasTensor = (bool)ctx.get_data("hasBias") ? tensor(biasGradient) : null;
        return new List<Tensor> { RowMajor(dx, rows).reshape(shape), weightGradient, biasTensor!, null! };
    }

    /// <summary>[chunks, features, Chunk]: the row-major [rows, features] <paramref name="rowMajor"/> cut into feature-major chunks, zero-padded.</summary>
    private static Tensor Chunked(Tensor rowMajor, long chunks)
    {
        long features = rowMajor.shape[1];
        using var padded = zeros(chunks * Chunk, features);
        padded.narrow(0, 0, rowMajor.shape[0]).copy_(rowMajor);
        return padded.view(chunks, Chunk, features).permute(0, 2, 1).contiguous();
    }

    /// <summary>The first <paramref name="rows"/> rows of the row-major [rows, features] view of a chunked tensor.</summary>
    private static Tensor RowMajor(Tensor chunked, long rows) =>
        chunked.permute(0, 2, 1).reshape(chunked.shape[0] * Chunk, chunked.shape[1]).narrow(0, 0, rows);

    private static Span<float> Floats(Tensor tensor) => MemoryMarshal.Cast<byte, float>(tensor.bytes);
}
