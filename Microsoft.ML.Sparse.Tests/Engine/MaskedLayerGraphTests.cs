// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Torch;
using Microsoft.ML.Sparse.Engine.Torch.Layers;

namespace Microsoft.ML.Sparse.Tests.Engine;

[TestClass]
public sealed class MaskedLayerGraphTests
{
    [TestMethod]
    public void ChainsAndRowPairsAreCheckedForMatchingSizes()
    {
        EngineTestKit.Load();
        using var a = new MaskedLinear("a", 4, 6);
        using var b = new MaskedLinear("b", 6, 3);
        using var c = new MaskedLinear("c", 4, 6);
        using var outsider = new MaskedLinear("x", 3, 3);
        var network = new MaskedLayerGraph(new[] { a, b, c });
        network.AddChain(a, b);
        network.AddRowPair(a, c);
        CollectionAssert.AreEqual(new[] { (0, 1) }, network.Chains.ToArray());
        CollectionAssert.AreEqual(new[] { (0, 2) }, network.RowPairs.ToArray());
        Assert.ThrowsExactly<ArgumentException>(() => network.AddChain(b, a), "3 outputs into 4 inputs");
        Assert.ThrowsExactly<ArgumentException>(() => network.AddRowPair(a, b), "6 rows vs 3 rows");
        Assert.ThrowsExactly<ArgumentException>(() => network.AddChain(a, outsider));
        Assert.ThrowsExactly<ArgumentException>(() => new MaskedLayerGraph(new[] { a, a }));
        Assert.ThrowsExactly<ArgumentException>(() => new MaskedLayerGraph(Array.Empty<MaskedLinear>()));
    }
}
