// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core.Kernels;
using Microsoft.ML.Sparse.Engine.Networks;
using Microsoft.ML.Sparse.Engine.Torch.Layers;

namespace Microsoft.ML.Sparse.Tests.Engine.Networks;

[TestClass]
public sealed class HiddenNeuronActivityTests
{
    // 4 inputs → 3 hidden → 3 hidden → 2 outputs. Hidden layer 1: h0 has in- and out-links; h1 has no in-link; h2 has
    // no out-link. Hidden layer 2: g0 has both; g1 has an in-link but no out-link; g2 has both.
    private static readonly int[][,] Grids =
    {
        new[,] { { 1, 0, 0, 1 }, { 0, 0, 0, 0 }, { 0, 1, 1, 0 } },
        new[,] { { 1, 1, 0 }, { 1, 0, 0 }, { 1, 0, 0 } },
        new[,] { { 1, 0, 0 }, { 0, 0, 1 } },
    };

    [TestMethod]
    public void CountsHiddenNeuronsWithBothAnInLinkAndAnOutLink()
    {
        var patterns = Grids.Select(Pattern).ToArray();
        Assert.AreEqual((3L, 6L), HiddenNeuronActivity.Count(patterns));
        Assert.AreEqual((1L, 3L), HiddenNeuronActivity.Count(patterns.Take(2).ToArray()), "one hidden layer: only h0");
        Assert.AreEqual((0L, 0L), HiddenNeuronActivity.Count(patterns.Take(1).ToArray()), "a single layer has no hidden neuron");
        var full = new[] { LinkPattern.Full(5, 4), LinkPattern.Full(3, 5) };
        Assert.AreEqual((5L, 5L), HiddenNeuronActivity.Count(full), "dense: every hidden neuron is active");
        Assert.ThrowsExactly<ArgumentException>(() => HiddenNeuronActivity.Count(new[] { LinkPattern.Full(5, 4), LinkPattern.Full(3, 4) }));
    }

    [TestMethod]
    public void MaskedTorchLayersGiveTheSameCount()
    {
        EngineTestKit.Load();
        var layers = Grids.Select((g, i) => new MaskedLinear($"l{i}", g.GetLength(1), g.GetLength(0))).ToList();
        for (int i = 0; i < layers.Count; i++)
            layers[i].SetMask(EngineTestKit.Mask(Grids[i]));
        Assert.AreEqual((3L, 6L), HiddenNeuronActivity.Count(layers));
        foreach (var layer in layers)
            layer.Dispose();
    }

    private static LinkPattern Pattern(int[,] grid)
    {
        int rows = grid.GetLength(0), columns = grid.GetLength(1);
        var flat = new List<long>();
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                if (grid[r, c] != 0)
                    flat.Add((long)r * columns + c);
        return LinkPattern.FromFlatIndices(rows, columns, flat.ToArray());
    }
}
