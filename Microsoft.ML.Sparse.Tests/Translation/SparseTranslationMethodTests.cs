// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static Microsoft.ML.Sparse.Tests.Translation.TranslationTestKit;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Networks.Transformer;
using Microsoft.ML.Sparse.Engine.Torch.Percolation;

namespace Microsoft.ML.Sparse.Tests.Translation;

/// <summary>Every topology method trains through the translator; fixed seeds give identical models; the percolation wiring.</summary>
[DatasetTestClass]
[TestCategory(TestLanes.Dataset)]
public sealed class SparseTranslationMethodTests
{
    private static int _torchThreads;

    [ClassInitialize]
    public static void UseOneThread(TestContext _) => _torchThreads = UseOneTorchThread();

    [ClassCleanup]
    public static void RestoreThreads() => RestoreTorchThreads(_torchThreads);

    private static SparseTranslationTransformer Train(SparseTrainingMethod method, int seed = 3, int epochs = 2)
    {
        var ml = new MLContext(seed: 1);
        var options = TinyOptions(method, epochs, seed);
        options.Topology.UpdateInterval = 3;
        options.MaxOutputTokens = 6;
        return ml.Transforms.Text.SparseTranslation(options).Fit(ToDataView(ml, TrainPairs(100)));
    }

    [TestMethod]
    [DataRow(SparseTrainingMethod.Chts)]
    [DataRow(SparseTrainingMethod.Set)]
    [DataRow(SparseTrainingMethod.RigL)]
    [DataRow(SparseTrainingMethod.Static)]
    [DataRow(SparseTrainingMethod.Dense)]
    public void EveryMethodTrainsAndKeepsItsDensity(SparseTrainingMethod method)
    {
        var model = Train(method);
        double density = method == SparseTrainingMethod.Dense ? 1.0 : 0.1;
        foreach (var layer in model.Network.Network.SparseLinears)
        {
            Assert.AreEqual(TargetLinkCount.For(layer.OutFeatures, layer.InFeatures, density), layer.ActiveLinks, layer.GetName());
            Assert.IsTrue(Engine.Networks.Transformer.TransformerTestKit.MaskedWeightsAreZero(layer), layer.GetName());
        }
        Assert.IsNotNull(model.Translate("The weather is nice today."));
    }

    [TestMethod]
    public void AFixedSeedGivesIdenticalWeightsAndTranslationsAndAnotherSeedDoesNot()
    {
        var first = Train(SparseTrainingMethod.Chtss, seed: 11);
        var second = Train(SparseTrainingMethod.Chtss, seed: 11);
        var other = Train(SparseTrainingMethod.Chtss, seed: 12);
        CollectionAssert.AreEqual(Weights(first), Weights(second));
        CollectionAssert.AreNotEqual(Weights(first), Weights(other));
        var sources = TrainPairs(6).Select(p => p.Source).ToList();
        CollectionAssert.AreEqual(first.Translate(sources).ToArray(), second.Translate(sources).ToArray());
    }

    [TestCategory(TestLanes.Slow)]
    [TestMethod]
    public void TheTopologyNetworkPairsQueryAndKeyRowsAndChainsValueOutputAndFeedForward()
    {
        var network = Shared.Model.Network.Network;
        var topology = SparseTransformerNetwork.Create(network);
        var layers = topology.Layers;
        Assert.HasCount(16, layers);
        Assert.HasCount(3, topology.RowPairs, "encoder self-attention, decoder self- and cross-attention");
        foreach (var (a, b) in topology.RowPairs)
        {
            StringAssert.EndsWith(layers[a].GetName(), ".query");
            Assert.AreEqual(layers[a].GetName().Replace(".query", ".key"), layers[b].GetName());
        }
        Assert.HasCount(5, topology.Chains, "3 value → output, 2 w1 → w2");
        foreach (var (up, down) in topology.Chains)
            Assert.IsTrue(layers[up].GetName().EndsWith(".value") && layers[down].GetName() == layers[up].GetName().Replace(".value", ".output")
                          || layers[up].GetName().EndsWith(".w1") && layers[down].GetName() == layers[up].GetName().Replace(".w1", ".w2"), layers[up].GetName());

        // Percolation over this network: emptying row 0 of the encoder query empties row 0 of the encoder key as well.
        using var scope = NewDisposeScope();
        var masks = layers.Select(l => ones(l.OutFeatures, l.InFeatures, ScalarType.Bool)).ToArray();
        var (query, key) = topology.RowPairs[0];
        masks[query][0] = zeros(layers[query].InFeatures, ScalarType.Bool);
        new NeuronPercolation(topology.Chains, topology.RowPairs).Apply(masks, layers.Select(_ => true).ToArray());
        Assert.IsFalse(masks[key][0].any().item<bool>(), "key row 0 removed with its query row");
        Assert.AreEqual(layers[key].InFeatures * (layers[key].OutFeatures - 1), masks[key].sum().item<long>(), "only row 0 of the key changed");
    }

    private static byte[] Weights(SparseTranslationTransformer model)
    {
        using var stream = new MemoryStream();
        model.Network.WriteWeights(stream);
        return stream.ToArray();
    }
}
