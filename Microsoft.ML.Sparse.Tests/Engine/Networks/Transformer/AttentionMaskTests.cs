// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static Microsoft.ML.Sparse.Tests.Engine.Networks.Transformer.TransformerTestKit;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Networks.Transformer;
using Microsoft.ML.Sparse.Engine.Torch.Runtime;

namespace Microsoft.ML.Sparse.Tests.Engine.Networks.Transformer;

[TestClass]
public sealed class AttentionMaskTests
{
    [TestMethod]
    public void PaddedKeysDoNotChangeOtherPositions()
    {
        using var encoder = Build(() => new TransformerEncoder("encoder", Classifier()), 3);
        encoder.eval();
        using var scope = NewDisposeScope();
        var x = randn(2, 6, 16);
        var padding = tensor(new[] { false, false, false, true, true, true, false, false, false, false, false, true }, new long[] { 2, 6 });
        var changed = x.clone();
        changed.index_put_(randn(3, 16) * 100, TensorIndex.Single(0), TensorIndex.Slice(3, 6));
        changed.index_put_(randn(16) * 100, TensorIndex.Single(1), TensorIndex.Single(5));
        var a = encoder.forward(x, padding);
        var b = encoder.forward(changed, padding);
        // Real positions: bit-for-bit identical (masked keys get weight exactly 0).
        CollectionAssert.AreEqual(Values(a[0, ..3]), Values(b[0, ..3]));
        CollectionAssert.AreEqual(Values(a[1, ..5]), Values(b[1, ..5]));
        // Without the mask the change would show.
        var c = encoder.forward(changed, null);
        CollectionAssert.AreNotEqual(Values(a[0, ..3]), Values(c[0, ..3]));
    }

    [TestMethod]
    public void ClassifierIgnoresPaddingAtTheEnd()
    {
        using var model = Build(() => new TransformerTextClassifier(Classifier(norm: NormPlacement.PreNorm)), 4);
        model.eval();
        using var scope = NewDisposeScope();
        var shortIds = Ids(new long[,] { { 5, 6, 7 } });
        var padded = Ids(new long[,] { { 5, 6, 7, 0, 0 } });
        var a = Values(model.forward(shortIds));
        var b = Values(model.forward(padded));
        for (int i = 0; i < a.Length; i++)
            Assert.AreEqual(a[i], b[i], 1e-5f);
        // An all-padding row gives finite logits (no NaN from a fully masked softmax).
        Assert.IsTrue(Values(model.forward(Ids(new long[,] { { 0, 0, 0 } }))).All(float.IsFinite));
    }

    [TestMethod]
    public void DecoderOutputAtTIgnoresLaterTargetTokens()
    {
        foreach (var norm in new[] { NormPlacement.PostNorm, NormPlacement.PreNorm })
        {
            using var model = Build(() => new Seq2SeqTransformer(Seq2Seq(norm: norm)), 5);
            model.eval();
            using var scope = NewDisposeScope();
            var source = Ids(new long[,] { { 4, 5, 6, 7, 3 } });
            var target = Ids(new long[,] { { 2, 8, 9, 10, 11, 12 } });
            var altered = Ids(new long[,] { { 2, 8, 9, 30, 31, 32 } });
            var a = model.forward(source, target);
            var b = model.forward(source, altered);
            // Positions 0..2 see only tokens 0..2, which are the same.
            CollectionAssert.AreEqual(Values(a[0, ..3]), Values(b[0, ..3]), norm.ToString());
            CollectionAssert.AreNotEqual(Values(a[0, 3]), Values(b[0, 3]));
        }
    }

    [TestMethod]
    public void CausalMaskIsStrictlyUpperTriangular()
    {
        Microsoft.ML.Sparse.Engine.Torch.Runtime.TorchRuntime.EnsureLoaded();
        using var mask = AttentionMasks.Causal(3, CPU);
        CollectionAssert.AreEqual(new[] { false, true, true, false, false, true, false, false, false }, mask.data<bool>().ToArray());
    }
}
