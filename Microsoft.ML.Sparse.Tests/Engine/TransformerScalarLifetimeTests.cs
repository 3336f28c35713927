// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Networks.Transformer;
using Microsoft.ML.Sparse.Engine.Torch.Runtime;

namespace Microsoft.ML.Sparse.Tests.Engine;

/// <summary>
/// The attention and embedding modules keep their constant scalars (the 1/√d scale, √d, the masked score) as libtorch
/// scalars for their whole life, so no temporary scalar can be finalized while libtorch reads it (the likely cause of a "toFloat"
/// error seen once under concurrent scoring). The test checks that the kept scalars survive a forced garbage collection and
/// that attention still computes what its formula gives.
/// </summary>
[TestClass]
public sealed class TransformerScalarLifetimeTests
{
    private delegate Tensor MaskedLinearView(Tensor input);

    [ClassInitialize]
    public static void LoadTorch(TestContext _) => TorchRuntime.EnsureLoaded();

    [TestMethod]
    public void AttentionKeepsItsScalarsAcrossACollectionAndComputesSoftmaxOfScaledScores()
    {
        manual_seed(3);
        var attention = new MultiHeadAttention("attn", 8, 2, 0.0);
        attention.eval();
        GC.Collect();
        GC.WaitForPendingFinalizers();

        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var x = randn(1, 3, 8);
        var causal = AttentionMasks.Causal(3, x.device);
        var y = attention.forward(x, x, null, causal);
        // Position 0 sees only itself, so its output is output(value(x0)) whatever the scale.
        var expected0 = attention.Output.forward(attention.Value.forward(x[.., 0..1, ..]));
        Assert.IsTrue(y[.., 0..1, ..].allclose(expected0, rtol: 1e-5, atol: 1e-6), "masked positions got attention weight");
        // Every position: softmax(q·kᵀ / √(d/heads)) over the positions it may see, times v, per head.
        Tensor Heads(MaskedLinearView p) => p(x).view(1, 3, 2, 4).transpose(1, 2);
        var scores = matmul(Heads(attention.Query.forward), Heads(attention.Key.forward).transpose(-2, -1)) / Math.Sqrt(4);
        var byHand = matmul(nn.functional.softmax(scores.masked_fill(causal, float.NegativeInfinity), -1), Heads(attention.Value.forward));
        var output = attention.Output.forward(byHand.transpose(1, 2).reshape(1, 3, 8));
        Assert.IsTrue(output.allclose(y, rtol: 1e-5, atol: 1e-6), "attention differs from softmax(QKᵀ/√d_head)V");
    }
}
