// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Torch.LinkPrediction;

namespace Microsoft.ML.Sparse.Tests.Engine;

[TestClass]
public sealed class ChLinkPredictorTests
{
    // Outputs o0..o2 (rows), inputs i0..i3 (columns):
    //   o0: i0 i1      o1: i0 i2 i3      o2: i1 i3
    private static readonly int[,] HandGraph =
    {
        { 1, 1, 0, 0 },
        { 1, 0, 1, 1 },
        { 0, 1, 0, 1 },
    };

    [TestMethod]
    public void HandComputedGraphGivesTheWorkedOutScores()
    {
        EngineTestKit.Load();
        using var scope = NewDisposeScope();
        // Worked arithmetic, LC = nodes on length-3 paths u–z1–z2–v; de = deg − di − links to {u, v}.
        // (o0,i3): paths o0-i0-o1-i3, o0-i1-o2-i3; LC = {i0, i1, o1, o2}
        //   i0: N={o0,o1}, di=1 (o1), to u/v 1 (o0), de=0  -> CH2 2/1, CH3 1
        //   i1: N={o0,o2}, di=1, de=0                       -> 2, 1
        //   o1: N={i0,i2,i3}, di=1 (i0), to v 1 (i3), de=1  -> 2/2=1, 1/2
        //   o2: N={i1,i3}, di=1, to v 1, de=0               -> 2, 1
        //   CH2 = 2+2+1+2 = 7, CH3 = 1+1+0.5+1 = 3.5
        // (o0,i2): path o0-i0-o1-i2 only; LC = {i0, o1}: i0 -> 2 | 1, o1 (de = 3-1-1 = 1) -> 1 | 0.5; CH2 = 3, CH3 = 1.5
        // (o1,i1): paths o1-i0-o0-i1, o1-i3-o2-i1; LC = {i0,o0,i3,o2}, each di=1, de=0 -> CH2 = 4*2 = 8, CH3 = 4
        // (o2,i0): paths o2-i1-o0-i0, o2-i3-o1-i0; LC = {i1,o0,i3,o1}; o1 has de = 3-1-1 = 1 -> CH2 = 2+2+2+1 = 7, CH3 = 3.5
        // (o2,i2): path o2-i3-o1-i2; LC = {i3, o1}: 2 + 1 = 3 | 1 + 0.5 = 1.5
        // Existing links score 0.
        var expectedCh2 = new double[,] { { 0, 0, 3, 7 }, { 0, 8, 0, 0 }, { 7, 0, 3, 0 } };
        var expectedCh3 = new double[,] { { 0, 0, 1.5, 3.5 }, { 0, 4, 0, 0 }, { 3.5, 0, 1.5, 0 } };
        var mask = EngineTestKit.Mask(HandGraph);
        AssertScores(expectedCh2, ChLinkPredictor.Score(mask, LinkPredictor.CH2L3n), 1e-6, "CH2");
        AssertScores(expectedCh3, ChLinkPredictor.Score(mask, LinkPredictor.CH3L3n), 1e-6, "CH3");
    }

    [TestMethod]
    public void MatrixFormEqualsBruteForceLocalCommunitySumOnRandomGraphs()
    {
        EngineTestKit.Load();
        var random = new Random(20250131);
        var shapes = new (int Rows, int Columns, double Density)[]
        {
            (3, 5, 0.4), (5, 3, 0.5), (6, 6, 0.3), (8, 5, 0.35), (5, 9, 0.25), (10, 10, 0.2), (12, 7, 0.45), (4, 11, 0.6), (9, 9, 0.15),
        };
        foreach (var (rows, columns, density) in shapes)
        {
            for (int trial = 0; trial < 3; trial++)
            {
                using var scope = NewDisposeScope();
                var graph = new int[rows, columns];
                for (int r = 0; r < rows; r++)
                    for (int c = 0; c < columns; c++)
                        graph[r, c] = random.NextDouble() < density ? 1 : 0;
                var mask = EngineTestKit.Mask(graph);
                foreach (var variant in new[] { LinkPredictor.CH2L3n, LinkPredictor.CH3L3n })
                {
                    var expected = BruteForceLocalCommunity(graph, variant == LinkPredictor.CH2L3n);
                    AssertScores(expected, ChLinkPredictor.Score(mask, variant), 1e-4, $"{variant} {rows}x{columns} trial {trial}\n{EngineTestKit.Render(graph)}");
                }
            }
        }
    }

    [TestMethod]
    public void NodeWithoutPathsScoresZeroAndScoresArePositiveOnlyWithAPath()
    {
        EngineTestKit.Load();
        using var scope = NewDisposeScope();
        // o2 has no links at all: no length-3 path reaches it, so its row is 0; i3 likewise for the column.
        var graph = new int[,] { { 1, 1, 0, 0 }, { 1, 0, 1, 0 }, { 0, 0, 0, 0 } };
        var scores = ChLinkPredictor.Score(EngineTestKit.Mask(graph), LinkPredictor.CH2L3n);
        var expected = BruteForceLocalCommunity(graph, ch2: true);
        AssertScores(expected, scores, 1e-6, "isolated");
        Assert.AreEqual(0f, scores[2].abs().sum().item<float>());
        Assert.AreEqual(0f, scores[.., 3].abs().sum().item<float>());
    }

    /// <summary>
    /// Independent definition: for a non-link (u, v) collect every node on a simple path u–z1–z2–v (z1 an input
    /// linked to u, z2 an output linked to z1 and to v); for each z: di = |N(z) ∩ LC|,
    /// de = deg(z) − di − |N(z) ∩ {u, v}|; CH2 = Σ (1+di)/(1+de), CH3 = Σ 1/(1+de).
    /// </summary>
    private static double[,] BruteForceLocalCommunity(int[,] graph, bool ch2)
    {
        int rows = graph.GetLength(0), columns = graph.GetLength(1);
        // Node ids: outputs 0..rows-1, inputs rows..rows+columns-1.
        var neighbours = new List<int>[rows + columns];
        for (int n = 0; n < neighbours.Length; n++)
            neighbours[n] = new List<int>();
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                if (graph[r, c] != 0)
                {
                    neighbours[r].Add(rows + c);
                    neighbours[rows + c].Add(r);
                }
        var scores = new double[rows, columns];
        for (int u = 0; u < rows; u++)
        {
            for (int c = 0; c < columns; c++)
            {
                if (graph[u, c] != 0)
                    continue;
                int v = rows + c;
                var community = new HashSet<int>();
                foreach (int z1 in neighbours[u])
                    foreach (int z2 in neighbours[z1])
                        if (z2 != u && neighbours[z2].Contains(v))
                        {
                            community.Add(z1);
                            community.Add(z2);
                        }
                double sum = 0;
                foreach (int z in community)
                {
                    int internalDegree = neighbours[z].Count(community.Contains);
                    int toEnds = neighbours[z].Count(n => n == u || n == v);
                    int externalDegree = neighbours[z].Count - internalDegree - toEnds;
                    sum += ch2 ? (1.0 + internalDegree) / (1.0 + externalDegree) : 1.0 / (1.0 + externalDegree);
                }
                scores[u, c] = sum;
            }
        }
        return scores;
    }

    private static void AssertScores(double[,] expected, Tensor actual, double tolerance, string message)
    {
        var values = actual.to(ScalarType.Float64).contiguous().data<double>().ToArray();
        int columns = expected.GetLength(1);
        for (int r = 0; r < expected.GetLength(0); r++)
            for (int c = 0; c < columns; c++)
                Assert.AreEqual(expected[r, c], values[r * columns + c], tolerance, $"[{r},{c}] {message}");
    }
}
