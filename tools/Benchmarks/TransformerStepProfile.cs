// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Networks.Transformer;
using Microsoft.ML.Sparse.Engine.Torch.Layers;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// The parts of a translation-Transformer step timed in isolation at the step's shapes (32 × 48 tokens), forward +
/// backward each: every sparse projection with the model's own mask and kernel choice (CSR layout changes and kernels
/// counted apart), the attention core of the six attention blocks (scores, masking, softmax, dropout, weighted sum), and
/// the dense ends (shared embedding of source and target tokens, generator d_model → 4000, label-smoothed loss).
/// </summary>
internal static class TransformerStepProfile
{
    private const int Tokens = TransformerStepModels.Batch * TransformerStepModels.Length;

    /// <summary>Milliseconds of all sparse projections, and of it the CSR kernels' layout changes and multiply-adds.</summary>
    public static (double Total, double Layout, double Kernels) Projections(TransformerStepModels models)
    {
        double total = 0;
        long layout = SparseLinearFunction.LayoutTicks, kernels = SparseLinearFunction.KernelTicks;
        foreach (var layer in models.Model.SparseLinears)
            total += Projection(layer);
        return (total, TransformerStepModels.Ms(SparseLinearFunction.LayoutTicks - layout), TransformerStepModels.Ms(SparseLinearFunction.KernelTicks - kernels));
    }

    /// <summary>Forward + backward of one layer over the step's tokens, in milliseconds.</summary>
    public static double Projection(MaskedLinear layer)
    {
        using var scope = NewDisposeScope();
        var x = randn(Tokens, layer.InFeatures).requires_grad_(true);
        var upstream = randn(Tokens, layer.OutFeatures);
        long start = TransformerStepModels.Now();
        layer.forward(x).backward(new[] { upstream });
        long end = TransformerStepModels.Now();
        layer.zero_grad();
        return TransformerStepModels.Ms(end - start);
    }

    /// <summary>Forward + backward of the attention core of the six attention blocks (encoder self, decoder self and cross).</summary>
    public static double Attention(int dim)
    {
        using var scope = NewDisposeScope();
        long heads = dim >= 512 ? 8 : 4, batch = TransformerStepModels.Batch, length = TransformerStepModels.Length;
        var causal = AttentionMasks.Causal(length, CPU);
        var dropout = nn.Dropout(0.1);
        long start = TransformerStepModels.Now();
        for (int block = 0; block < 6; block++)
        {
            var q = randn(batch, heads, length, dim / heads).requires_grad_(true);
            var k = randn(batch, heads, length, dim / heads).requires_grad_(true);
            var v = randn(batch, heads, length, dim / heads).requires_grad_(true);
            var scores = matmul(q, k.transpose(-2, -1)) * (1.0 / Math.Sqrt(dim / heads));
            if (block % 3 == 1)
                scores = scores.masked_fill(causal, AttentionMasks.MaskedScore);
            var context = matmul(dropout.forward(nn.functional.softmax(scores, -1)), v).transpose(1, 2).reshape(batch, length, dim);
            context.backward(new[] { ones_like(context) });
        }
        return TransformerStepModels.Ms(TransformerStepModels.Now() - start);
    }

    /// <summary>Forward + backward of the shared embedding (source and target tokens), and of the generator with the loss.</summary>
    public static (double Embedding, double Generator) Ends(int dim)
    {
        using var scope = NewDisposeScope();
        using var embedding = nn.Embedding(TransformerStepModels.Vocabulary, dim, padding_idx: 0);
        using var generator = nn.Linear(dim, TransformerStepModels.Vocabulary);
        var ids = randint(4, TransformerStepModels.Vocabulary, new long[] { TransformerStepModels.Batch, TransformerStepModels.Length });
        var hidden = randn(TransformerStepModels.Batch, TransformerStepModels.Length, dim).requires_grad_(true);
        long start = TransformerStepModels.Now();
        var embedded = embedding.forward(ids) + embedding.forward(ids);
        embedded.backward(new[] { ones_like(embedded) });
        long middle = TransformerStepModels.Now();
        LabelSmoothedCrossEntropy.Compute(generator.forward(hidden), ids, 0.1, 0).backward();
        return (TransformerStepModels.Ms(middle - start), TransformerStepModels.Ms(TransformerStepModels.Now() - middle));
    }
}
