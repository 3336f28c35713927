// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Networks.LanguageModel;
using Microsoft.ML.Sparse.Engine.Networks.Transformer;
using Microsoft.ML.Sparse.Engine.Torch.Layers;
using Microsoft.ML.Sparse.Engine.Torch.Runtime;

namespace Microsoft.ML.Sparse.Tests.LanguageModel;

/// <summary>RMSNorm, rotary positions, SwiGLU and causal masking of the decoder-only model against hand-computed values.</summary>
[TestClass]
public sealed class LanguageModelLayerTests
{
    [ClassInitialize]
    public static void Setup(TestContext _) => TorchRuntime.EnsureLoaded();

    [TestMethod]
    public void RmsNormDividesByTheRootMeanSquareAndScalesByTheGain()
    {
        using var norm = new RmsNorm("norm", 4);
        using (no_grad())
            norm.Weight.copy_(tensor(new[] { 1f, 1f, 2f, 0.5f }));
        var y = norm.forward(tensor(new[] { 1f, 2f, 3f, 4f }).reshape(1, 4)).data<float>().ToArray();
        double rms = Math.Sqrt((1 + 4 + 9 + 16) / 4.0 + RmsNorm.DefaultEpsilon); // sqrt(7.5 + 1e-6)
        var expected = new[] { 1 / rms, 2 / rms, 2 * 3 / rms, 0.5 * 4 / rms };
        for (int i = 0; i < 4; i++)
            Assert.AreEqual(expected[i], y[i], 1e-6, $"element {i}");
    }

    [TestMethod]
    public void RotaryPositionsRotateEachPairByPositionTimesItsFrequency()
    {
        // Head dimension 4: pairs (x0, x2) with θ0 = 1 and (x1, x3) with θ1 = 10000^(-2/4) = 0.01.
        using var rotary = new RotaryPositions(4, 8);
        var x = tensor(new[] { 1f, 2f, 3f, 4f, 1f, 2f, 3f, 4f, 1f, 2f, 3f, 4f }).reshape(1, 3, 4); // positions 0, 1, 2
        var y = rotary.Apply(x).data<float>().ToArray();
        for (int p = 0; p < 3; p++)
        {
            double a0 = p * 1.0, a1 = p * 0.01;
            var expected = new[]
            {
                1 * Math.Cos(a0) - 3 * Math.Sin(a0), 2 * Math.Cos(a1) - 4 * Math.Sin(a1),
                3 * Math.Cos(a0) + 1 * Math.Sin(a0), 4 * Math.Cos(a1) + 2 * Math.Sin(a1),
            };
            for (int i = 0; i < 4; i++)
                Assert.AreEqual(expected[i], y[p * 4 + i], 1e-5, $"position {p}, element {i}");
        }
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new RotaryPositions(3, 8));
    }

    [TestMethod]
    public void SwiGluIsDownOfSiluGateTimesUp()
    {
        using var block = new SwiGluFeedForward("ffn", 2, 2);
        using (no_grad())
        {
            block.Gate.Weight.copy_(tensor(new[] { 1f, 0f, 0f, 1f }).reshape(2, 2));
            block.Up.Weight.copy_(tensor(new[] { 1f, 0f, 0f, 2f }).reshape(2, 2));
            block.Down.Weight.copy_(tensor(new[] { 1f, 1f, 0f, 1f }).reshape(2, 2));
        }
        var y = block.forward(tensor(new[] { 1f, -1f }).reshape(1, 2)).data<float>().ToArray();
        static double Silu(double v) => v / (1 + Math.Exp(-v));
        double h0 = Silu(1) * 1, h1 = Silu(-1) * -2;   // gate = (1, -1), up = (1, -2)
        Assert.AreEqual(h0 + h1, y[0], 1e-6);
        Assert.AreEqual(h1, y[1], 1e-6);
        Assert.IsNull(block.Gate.Bias, "LLaMA projections have no bias");
    }

    [TestMethod]
    public void ALaterTokenNeverChangesTheLogProbabilitiesOfEarlierPositions()
    {
        torch.random.manual_seed(5);
        using var model = new DecoderOnlyTransformer(Architecture(vocabulary: 30, maxLength: 16));
        model.eval();
        var ids = new long[] { 2, 7, 9, 11, 4, 20, 21, 8, 5, 13 };
        var changed = (long[])ids.Clone();
        for (int i = 6; i < changed.Length; i++)
            changed[i] = 29 - changed[i] % 7;
        using var _ = no_grad();
        var a = LogProbabilities(model, ids);
        var b = LogProbabilities(model, changed);
        int vocabulary = 30;
        for (int i = 0; i < 6 * vocabulary; i++)
            Assert.AreEqual(a[i], b[i], 1e-6f, $"position {i / vocabulary} sees the future");
        double laterDifference = Enumerable.Range(6 * vocabulary, 4 * vocabulary).Max(i => Math.Abs(a[i] - b[i]));
        Assert.IsTrue(laterDifference > 1e-3, "positions from the changed token on do change");
    }

    [TestMethod]
    public void TheModelListsItsSevenProjectionsPerBlockWithTheLlamaChainsAndPairs()
    {
        using var model = new DecoderOnlyTransformer(Architecture(vocabulary: 30, maxLength: 16, layers: 2));
        Assert.AreEqual(14, model.SparseLinears.Count);
        Assert.AreEqual(6, model.Chains.Count, "v→o, gate→down, up→down per block");
        Assert.AreEqual(4, model.RowPairs.Count, "(q, k) and (gate, up) per block");
        CollectionAssert.AreEqual(new[] { "query", "key", "value", "output", "gate", "up", "down" },
            model.SparseLinears.Take(7).Select(l => l.GetName().Split('.')[^1]).ToArray());
        Assert.IsTrue(model.SparseLinears.All(l => l.IsSparse && l.Bias is null));
    }

    [TestMethod]
    public void WindowsPredictEveryIdAfterTheFirstExactlyOnce()
    {
        var ids = Enumerable.Range(0, 11).ToArray();
        var windows = TokenWindows.Split(ids, 4).ToList();
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3, 4 }, windows[0]);
        CollectionAssert.AreEqual(new[] { 4, 5, 6, 7, 8 }, windows[1]);
        CollectionAssert.AreEqual(new[] { 8, 9, 10 }, windows[2]);
        Assert.AreEqual(10, TokenWindows.PredictedTokens(windows));
        Assert.AreEqual(1, TokenWindows.Split(new[] { 2, 3 }, 4).Count());
    }

    [TestMethod]
    public void GreedyTakesTheArgMaxAndSamplingIsSeededAndRespectsTopK()
    {
        var logits = new[] { 0.1f, 3f, 2.9f, -1f, 3f };
        Assert.AreEqual(1, TokenSampler.ArgMax(logits), "first of the tied maxima");
        var draws = Enumerable.Range(0, 200).Select(_ => 0).ToArray();
        var random = new Random(4);
        for (int i = 0; i < draws.Length; i++)
            draws[i] = TokenSampler.Sample(logits, 1.0, 2, random);
        CollectionAssert.IsSubsetOf(draws.Distinct().ToArray(), new[] { 1, 4 }, "top-2 keeps the two largest logits");
        Assert.IsTrue(draws.Distinct().Count() == 2);
        var again = new Random(4);
        CollectionAssert.AreEqual(draws, draws.Select(_ => TokenSampler.Sample(logits, 1.0, 2, again)).ToArray(), "same seed, same draws");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TokenSampler.Sample(logits, 0, 0, random));
    }

    [TestMethod]
    public void BiasFreeProjectionsGiveTheSameGradientsWithTheCsrKernels()
    {
        // The language model's projections have no bias; where they are large and sparse enough the scheduler switches
        // them to the CSR kernels (MaskedLinear.SparseKernelsPay), whose backward then returns no bias gradient.
        using var scope = NewDisposeScope();
        torch.random.manual_seed(9);
        using var layer = new Microsoft.ML.Sparse.Engine.Torch.Layers.MaskedLinear("down", 64, 32, hasBias: false);
        layer.SetMask(rand(32, 64) < 0.05);
        var input = randn(2, 9, 64);
        var upstream = randn(2, 9, 32);
        (Tensor Y, Tensor Dx, Tensor Dw) Pass(bool sparse)
        {
            layer.UseSparseKernels = sparse;
            layer.zero_grad();
            var x = input.detach().clone().requires_grad_(true);
            var y = layer.forward(x);
            y.backward(new[] { upstream });
            layer.MaskGradient();
            return (y.detach().clone(), x.grad!.clone(), layer.Weight.grad!.clone());
        }
        var dense = Pass(false);
        var csr = Pass(true);
        Assert.IsTrue((dense.Y - csr.Y).abs().max().ToDouble() < 1e-5, "forward");
        Assert.IsTrue((dense.Dx - csr.Dx).abs().max().ToDouble() < 1e-5, "input gradient");
        Assert.IsTrue((dense.Dw - csr.Dw).abs().max().ToDouble() < 1e-4, "weight gradient");
    }

    internal static TransformerArchitecture Architecture(int vocabulary, int maxLength, int layers = 1) => new()
    {
        Task = TransformerTask.LanguageModel,
        ModelDim = 16,
        Heads = 2,
        FeedForwardDim = 24,
        EncoderLayers = 0,
        DecoderLayers = layers,
        Dropout = 0,
        AttentionDropout = 0,
        MaxLength = maxLength,
        NormPlacement = NormPlacement.PreNorm,
        SourceVocabularySize = vocabulary,
        PadId = 0,
    };

    private static float[] LogProbabilities(DecoderOnlyTransformer model, long[] ids) =>
        nn.functional.log_softmax(model.forward(tensor(ids).reshape(1, ids.Length)), -1).data<float>().ToArray();
}
