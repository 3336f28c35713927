// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core.Kernels;
using Microsoft.ML.Sparse.Engine.Torch.Layers;
using Microsoft.ML.Sparse.Engine.Torch.Runtime;

namespace Microsoft.ML.Sparse.Tests.Engine;

/// <summary>The managed CSR kernels behind <see cref="MaskedLinear.UseSparseKernels"/> against libtorch's masked dense product.</summary>
[TestClass]
public sealed class SparseLinearFunctionTests
{
    private static (Tensor Y, Tensor Dx, Tensor Dw, Tensor Db) Pass(MaskedLinear layer, Tensor input, Tensor upstream, bool sparse)
    {
        layer.UseSparseKernels = sparse;
        layer.zero_grad();
        var x = input.detach().clone().requires_grad_(true);
        var y = layer.forward(x);
        y.backward(new[] { upstream });
        layer.MaskGradient();
        return (y.detach().clone(), x.grad!.clone(), layer.Weight.grad!.clone(), layer.Bias!.grad!.clone());
    }

    [TestMethod]
    [DataRow(7L, 5L, 0.3, 3L, 11L)]
    [DataRow(128L, 512L, 0.1, 4L, 37L)]
    [DataRow(64L, 32L, 0.05, 1L, 70L)]
    [DataRow(100L, 37L, 0.2, 2L, 65L)]
    public void ForwardAndGradientsEqualTheMaskedDenseProduct(long inputs, long outputs, double density, long batch, long tokens)
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var layer = new MaskedLinear("l", inputs, outputs);
        layer.SetMask(rand(outputs, inputs) < density);
        var input = randn(batch, tokens, inputs);
        var upstream = randn(batch, tokens, outputs);

        var dense = Pass(layer, input, upstream, sparse: false);
        var sparse = Pass(layer, input, upstream, sparse: true);

        CollectionAssert.AreEqual(dense.Y.shape, sparse.Y.shape);
        Assert.IsLessThan(1e-5, (dense.Y - sparse.Y).abs().max().ToDouble(), "forward");
        Assert.IsLessThan(1e-5, (dense.Dx - sparse.Dx).abs().max().ToDouble(), "input gradient");
        Assert.IsLessThan(1e-4, (dense.Dw - sparse.Dw).abs().max().ToDouble(), "weight gradient");
        Assert.IsLessThan(1e-4, (dense.Db - sparse.Db).abs().max().ToDouble(), "bias gradient");
        Assert.AreEqual(0.0, (sparse.Dw * (~layer.Mask).to(ScalarType.Float32)).abs().sum().ToDouble(), "no gradient off the links");
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    public void ALayerAppliedTwiceBeforeItsBackwardPassGetsTheMaskedGradientsOnAnyThreadCount(int threads)
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        manual_seed(7);
        // 256 x 256 at 30% over 600 tokens: enough links for two threads to split every kernel.
        using var layer = new MaskedLinear("l", 256, 256);
        layer.SetMask(rand(256, 256) < 0.3);
        var input = randn(3, 200, 256) * 0.1;
        (Tensor Y, Tensor Dx, Tensor Dw) Twice(bool sparse)
        {
            layer.UseSparseKernels = sparse;
            layer.zero_grad();
            var x = input.detach().clone().requires_grad_(true);
            var y = layer.forward(nn.functional.relu(layer.forward(x)));
            (y * y).sum().backward();
            layer.MaskGradient();
            return (y.detach().clone(), x.grad!.clone(), layer.Weight.grad!.clone());
        }

        var dense = Twice(sparse: false);
        using var workers = threads > 1 ? new KernelWorkers(threads) : null;
        SparseLinearFunction.Workers = workers;
        try
        {
            var sparse = Twice(sparse: true);
            Assert.IsLessThan(1e-5, (dense.Y - sparse.Y).abs().max().ToDouble(), "forward");
            Assert.IsLessThan(1e-4, (dense.Dx - sparse.Dx).abs().max().ToDouble(), "input gradient");
            Assert.IsLessThan(1e-4, (dense.Dw - sparse.Dw).abs().max().ToDouble(), "weight gradient");
            var again = Twice(sparse: true);
            Assert.AreEqual(0.0, (again.Dw - sparse.Dw).abs().max().ToDouble(), "the kept buffers give the same result on the next step");
        }
        finally
        {
            SparseLinearFunction.Workers = null;
        }
    }

    [TestMethod]
    public void ANewMaskIsPickedUpAndEvaluationStaysDense()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        using var layer = new MaskedLinear("l", 2, 2, hasBias: false) { UseSparseKernels = true };
        using (no_grad())
            layer.Weight.copy_(tensor(new float[] { 1, 2, 3, 4 }, new long[] { 2, 2 }));
        layer.SetMask(tensor(new[] { true, true, true, true }, new long[] { 2, 2 }));
        var x = tensor(new float[] { 1, 1 }, new long[] { 1, 2 });
        CollectionAssert.AreEqual(new float[] { 3, 7 }, layer.forward(x).data<float>().ToArray());
        layer.SetMask(tensor(new[] { true, false, false, true }, new long[] { 2, 2 }));
        CollectionAssert.AreEqual(new float[] { 1, 4 }, layer.forward(x).data<float>().ToArray(), "the pattern follows the new mask");
        using (no_grad())
            CollectionAssert.AreEqual(new float[] { 1, 4 }, layer.forward(x).data<float>().ToArray());
    }

    [TestMethod]
    [DataRow(512L, 512L, 0.05, true)]
    [DataRow(1024L, 1024L, 0.10, true)]
    [DataRow(512L, 512L, 0.20, false)]
    [DataRow(128L, 512L, 0.05, true)]
    [DataRow(512L, 128L, 0.10, false)]
    [DataRow(128L, 128L, 0.01, false)]
    public void SparseKernelsAreChosenOnlyWhereTheyMeasuredFaster(long inputs, long outputs, double density, bool pays)
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        manual_seed(2);
        using var layer = new MaskedLinear("l", inputs, outputs);
        var flat = zeros(inputs * outputs, dtype: ScalarType.Bool);
        flat.index_put_(true, randperm(inputs * outputs).narrow(0, 0, (long)(density * inputs * outputs)));
        layer.SetMask(flat.view(outputs, inputs));
        Assert.AreEqual(pays, layer.SparseKernelsPay);
        using var dense = new MaskedLinear("d", inputs, outputs, sparse: false);
        Assert.IsFalse(dense.SparseKernelsPay, "layers that stay dense never use them");
    }
}
