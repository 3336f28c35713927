// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Torch.Percolation;

namespace Microsoft.ML.Sparse.Tests.Engine;

[TestClass]
public sealed class NeuronPercolationTests
{
    [TestMethod]
    public void ThreeLayerChainRemovesDeadNeuronsBackwardAndForward()
    {
        EngineTestKit.Load();
        using var scope = NewDisposeScope();
        // L1: 4 inputs -> 3 hidden (h1), L2: h1 -> 3 hidden (h2), L3: h2 -> 2 outputs.
        var l1 = EngineTestKit.Mask(new[,] { { 1, 1, 0, 0 }, { 0, 1, 1, 0 }, { 0, 0, 1, 1 } });
        var l2 = EngineTestKit.Mask(new[,] { { 0, 0, 0 }, { 0, 1, 0 }, { 1, 0, 0 } });
        var l3 = EngineTestKit.Mask(new[,] { { 1, 0, 1 }, { 1, 0, 0 } });
        // Backward: L3 column 1 empty -> h2_1 dead -> L2 row 1 cleared; then L2 columns 1 and 2 are empty ->
        //           h1_1, h1_2 dead -> L1 rows 1 and 2 cleared.
        // Forward:  L2 rows 0 and 1 empty -> h2_0, h2_1 have no inputs -> L3 columns 0 and 1 cleared.
        var masks = new[] { l1, l2, l3 };
        new NeuronPercolation(new[] { (0, 1), (1, 2) }, Array.Empty<(int, int)>()).Apply(masks, new[] { true, true, true });
        EngineTestKit.AssertMaskEqual(new[,] { { 1, 1, 0, 0 }, { 0, 0, 0, 0 }, { 0, 0, 0, 0 } }, masks[0], "L1");
        EngineTestKit.AssertMaskEqual(new[,] { { 0, 0, 0 }, { 0, 0, 0 }, { 1, 0, 0 } }, masks[1], "L2");
        EngineTestKit.AssertMaskEqual(new[,] { { 0, 0, 1 }, { 0, 0, 0 } }, masks[2], "L3");
    }

    [TestMethod]
    public void HealthyChainIsUnchanged()
    {
        EngineTestKit.Load();
        using var scope = NewDisposeScope();
        var l1 = EngineTestKit.Mask(new[,] { { 1, 0 }, { 0, 1 }, { 1, 1 } });
        var l2 = EngineTestKit.Mask(new[,] { { 1, 1, 0 }, { 0, 0, 1 } });
        var masks = new[] { l1, l2 };
        new NeuronPercolation(new[] { (0, 1) }, Array.Empty<(int, int)>()).Apply(masks, new[] { true, true });
        EngineTestKit.AssertMaskEqual(new[,] { { 1, 0 }, { 0, 1 }, { 1, 1 } }, masks[0]);
        EngineTestKit.AssertMaskEqual(new[,] { { 1, 1, 0 }, { 0, 0, 1 } }, masks[1]);
    }

    [TestMethod]
    public void QueryKeyPairKeepsARowOnlyIfNonEmptyInBoth()
    {
        EngineTestKit.Load();
        using var scope = NewDisposeScope();
        var q = EngineTestKit.Mask(new[,] { { 1, 0, 0 }, { 0, 0, 0 }, { 0, 1, 1 }, { 1, 0, 0 } });
        var k = EngineTestKit.Mask(new[,] { { 0, 1, 0 }, { 1, 1, 0 }, { 0, 0, 0 }, { 0, 0, 1 } });
        var masks = new[] { q, k };
        new NeuronPercolation(Array.Empty<(int, int)>(), new[] { (0, 1) }).Apply(masks, new[] { true, true });
        EngineTestKit.AssertMaskEqual(new[,] { { 1, 0, 0 }, { 0, 0, 0 }, { 0, 0, 0 }, { 1, 0, 0 } }, masks[0], "q");
        EngineTestKit.AssertMaskEqual(new[,] { { 0, 1, 0 }, { 0, 0, 0 }, { 0, 0, 0 }, { 0, 0, 1 } }, masks[1], "k");
    }

    [TestMethod]
    public void GatedPairAndChainsInteract()
    {
        EngineTestKit.Load();
        using var scope = NewDisposeScope();
        // gate/up pair [3 x 2], both chained into down [2 x 3] (LLaMA-style).
        var gate = EngineTestKit.Mask(new[,] { { 1, 0 }, { 0, 1 }, { 1, 1 } });
        var up = EngineTestKit.Mask(new[,] { { 1, 1 }, { 0, 0 }, { 0, 1 } });
        var down = EngineTestKit.Mask(new[,] { { 1, 1, 0 }, { 1, 0, 0 } });
        // down column 2 empty -> gate row 2, up row 2 cleared (backward); up row 1 empty -> gate row 1 cleared (pair);
        // then hidden 1 has no input -> down column 1 cleared (forward).
        var masks = new[] { gate, up, down };
        new NeuronPercolation(new[] { (0, 2), (1, 2) }, new[] { (0, 1) }).Apply(masks, new[] { true, true, true });
        EngineTestKit.AssertMaskEqual(new[,] { { 1, 0 }, { 0, 0 }, { 0, 0 } }, masks[0], "gate");
        EngineTestKit.AssertMaskEqual(new[,] { { 1, 1 }, { 0, 0 }, { 0, 0 } }, masks[1], "up");
        EngineTestKit.AssertMaskEqual(new[,] { { 1, 0, 0 }, { 1, 0, 0 } }, masks[2], "down");
    }

    [TestMethod]
    public void NonEditableLayersAreReadButNeverChanged()
    {
        EngineTestKit.Load();
        using var scope = NewDisposeScope();
        var sparse = EngineTestKit.Mask(new[,] { { 1, 1 }, { 1, 0 } });
        var dense = EngineTestKit.Mask(new[,] { { 1, 1 }, { 1, 1 }, { 1, 1 } });
        var hidden = EngineTestKit.Mask(new[,] { { 0, 0 }, { 1, 1 } });
        // hidden -> sparse: sparse's column 0 has... chain (hidden, sparse): hidden row 0 empty -> sparse column 0 cleared.
        // (sparse, dense): dense is read-only; nothing to change there.
        var masks = new[] { hidden, sparse, dense };
        new NeuronPercolation(new[] { (0, 1), (1, 2) }, Array.Empty<(int, int)>()).Apply(masks, new[] { false, true, false });
        EngineTestKit.AssertMaskEqual(new[,] { { 0, 0 }, { 1, 1 } }, masks[0], "hidden (read-only)");
        EngineTestKit.AssertMaskEqual(new[,] { { 0, 1 }, { 0, 0 } }, masks[1], "sparse");
        EngineTestKit.AssertMaskEqual(new[,] { { 1, 1 }, { 1, 1 }, { 1, 1 } }, masks[2], "dense");
    }
}
