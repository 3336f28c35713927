// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static Microsoft.ML.Sparse.Tests.Engine.Networks.Transformer.TransformerTestKit;
using Microsoft.ML.Sparse.Engine.Networks.Transformer;
using Microsoft.ML.Sparse.Engine.Torch.Layers;

namespace Microsoft.ML.Sparse.Tests.Engine.Networks.Transformer;

[TestClass]
public sealed class SparseStructureTests
{
    [TestMethod]
    public void ClassifierListsEveryAttentionAndFeedForwardLinearWithItsPercolationPairs()
    {
        using var model = Build(() => new TransformerTextClassifier(Classifier(layers: 2)), 1);
        Assert.AreEqual(2 * 6, model.SparseLinears.Count);
        Assert.AreEqual(2 * 2, model.Chains.Count);
        Assert.AreEqual(2, model.RowPairs.Count);
        CheckShapes(model);
        CollectionAssert.AreEqual(new[]
        {
            "encoder.layers.0.self_attention.query", "encoder.layers.0.self_attention.key", "encoder.layers.0.self_attention.value",
            "encoder.layers.0.self_attention.output", "encoder.layers.0.feed_forward.w1", "encoder.layers.0.feed_forward.w2",
        }, model.SparseLinears.Take(6).Select(l => l.GetName()).ToArray());
        CheckListsMatchModules(model, model);
    }

    [TestMethod]
    public void Seq2SeqListsSelfAndCrossAttentionOfEveryDecoderLayer()
    {
        using var model = Build(() => new Seq2SeqTransformer(Seq2Seq(layers: 2)), 1);
        Assert.AreEqual(2 * 6 + 2 * 10, model.SparseLinears.Count);
        Assert.AreEqual(2 * 2 + 2 * 3, model.Chains.Count);
        Assert.AreEqual(2 + 2 * 2, model.RowPairs.Count);
        CheckShapes(model);
        Assert.IsTrue(model.RowPairs.Any(p => p.First.GetName() == "decoder.layers.1.cross_attention.query"
                                              && p.Second.GetName() == "decoder.layers.1.cross_attention.key"));
        CheckListsMatchModules(model, model);
    }

    private static void CheckShapes(ISparseTransformer model)
    {
        foreach (var (q, k) in model.RowPairs)
        {
            Assert.AreEqual(q.OutFeatures, k.OutFeatures, $"{q.GetName()} / {k.GetName()}");
            StringAssert.EndsWith(q.GetName(), ".query");
            StringAssert.EndsWith(k.GetName(), ".key");
        }
        foreach (var (up, down) in model.Chains)
        {
            Assert.AreEqual(up.OutFeatures, down.InFeatures, $"{up.GetName()} → {down.GetName()}");
            Assert.IsTrue((up.GetName().EndsWith(".value") && down.GetName().EndsWith(".output"))
                          || (up.GetName().EndsWith(".w1") && down.GetName().EndsWith(".w2")), up.GetName());
        }
        Assert.IsTrue(model.SparseLinears.All(l => l.IsSparse));
    }

    /// <summary>Every MaskedLinear of the module tree is listed exactly once, under its module path; nothing dense is.</summary>
    private static void CheckListsMatchModules(TorchSharp.torch.nn.Module module, ISparseTransformer model)
    {
        var inTree = module.named_modules().Where(m => m.module is MaskedLinear).ToList();
        Assert.AreEqual(inTree.Count, model.SparseLinears.Count);
        CollectionAssert.AreEquivalent(inTree.Select(m => m.name).ToArray(), model.SparseLinears.Select(l => l.GetName()).ToArray());
        Assert.IsFalse(model.SparseLinears.Any(l => l.GetName().Contains("embedding") || l.GetName().Contains("generator") || l.GetName().Contains("classifier")));
        Assert.AreEqual(model.SparseLinears.Count, model.SparseLinears.Distinct().Count());
    }
}
