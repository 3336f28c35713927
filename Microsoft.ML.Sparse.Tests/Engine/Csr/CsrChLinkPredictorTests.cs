// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core.Kernels;
using Microsoft.ML.Sparse.Engine.Core.LinkPrediction;
using Microsoft.ML.Sparse.Engine.Torch.LinkPrediction;
using static Microsoft.ML.Sparse.Tests.Engine.Csr.RandomLinkPatterns;

namespace Microsoft.ML.Sparse.Tests.Engine.Csr;

[TestClass]
public sealed class CsrChLinkPredictorTests
{
    private const double RelativeTolerance = 1e-5;
    private static readonly LinkPredictor[] Variants = { LinkPredictor.CH2L3n, LinkPredictor.CH3L3n };

    [TestMethod]
    public void HandComputedGraphGivesTheWorkedOutScoresAndMatchesTorch()
    {
        EngineTestKit.Load();
        // The graph and worked scores of ChLinkPredictorTests: o0: i0 i1, o1: i0 i2 i3, o2: i1 i3.
        var pattern = FromGrid(new[,] { { 1, 1, 0, 0 }, { 1, 0, 1, 1 }, { 0, 1, 0, 1 } });
        var expectedCh2 = new double[,] { { 0, 0, 3, 7 }, { 0, 8, 0, 0 }, { 7, 0, 3, 0 } };
        var expectedCh3 = new double[,] { { 0, 0, 1.5, 3.5 }, { 0, 4, 0, 0 }, { 3.5, 0, 1.5, 0 } };
        foreach (var (variant, expected) in new[] { (LinkPredictor.CH2L3n, expectedCh2), (LinkPredictor.CH3L3n, expectedCh3) })
        {
            var scores = CsrChLinkPredictor.Score(pattern, variant, maxThreads: 1);
            Assert.AreEqual(5, scores.Count, $"{variant}: the five non-links all have length-3 paths");
            var dense = ToDense(scores, out var present);
            for (int r = 0; r < 3; r++)
                for (int c = 0; c < 4; c++)
                {
                    Assert.AreEqual(expected[r, c] != 0, present[r * 4 + c], $"{variant} [{r},{c}] presence");
                    Assert.AreEqual(expected[r, c], dense[r * 4 + c], 1e-6, $"{variant} [{r},{c}]");
                }
            AssertMatchesTorch(pattern, variant, scores, "hand graph");
        }
    }

    [TestMethod]
    public void NodeWithoutLinksAndColumnWithoutLinksGetNoCandidates()
    {
        EngineTestKit.Load();
        // o2 and i3 have no links (the isolated-node graph of ChLinkPredictorTests).
        var pattern = FromGrid(new[,] { { 1, 1, 0, 0 }, { 1, 0, 1, 0 }, { 0, 0, 0, 0 } });
        foreach (var variant in Variants)
        {
            var scores = CsrChLinkPredictor.Score(pattern, variant, maxThreads: 1);
            Assert.AreEqual(0, scores.RowCount(2), $"{variant}: empty row");
            for (int k = 0; k < scores.Count; k++)
                Assert.AreNotEqual(3, scores.ColumnIndices[k], $"{variant}: empty column");
            AssertMatchesTorch(pattern, variant, scores, "isolated");
        }
    }

    [TestCategory(TestLanes.Slow)]
    [TestMethod]
    public void MatchesTorchOnRandomPatternsOfManyShapesAndDensities()
    {
        EngineTestKit.Load();
        var random = new Random(20250611);
        var shapes = new (int Rows, int Columns)[]
        {
            (1, 1), (1, 40), (40, 1), (1, 300), (300, 1), (2, 2), (37, 37), (120, 120), (60, 250), (250, 60), (400, 400),
        };
        var densities = new[] { 0.001, 0.01, 0.05, 0.2, 0.5 };
        foreach (var (rows, columns) in shapes)
            foreach (double density in densities)
                for (int trial = 0; trial < 2; trial++)
                {
                    var pattern = RandomPattern(random, rows, columns, density, emptyLines: trial == 1);
                    foreach (var variant in Variants)
                        AssertMatchesTorch(pattern, variant, CsrChLinkPredictor.Score(pattern, variant, maxThreads: 2),
                            $"{variant} {rows}x{columns} density {density} trial {trial}");
                }
        // Larger and very sparse: few paths, many empty rows and columns.
        foreach (double density in new[] { 0.001, 0.01 })
        {
            var pattern = RandomPattern(random, 1000, 1000, density, emptyLines: false);
            foreach (var variant in Variants)
                AssertMatchesTorch(pattern, variant, CsrChLinkPredictor.Score(pattern, variant, maxThreads: 4), $"{variant} 1000x1000 density {density}");
        }
    }

    [TestMethod]
    public void FullLayerHasNoCandidates()
    {
        foreach (var (rows, columns) in new[] { (1, 1), (1, 9), (9, 1), (7, 5), (5, 7), (32, 32) })
            foreach (var variant in Variants)
            {
                var scores = CsrChLinkPredictor.Score(LinkPattern.Full(rows, columns), variant, maxThreads: 4);
                Assert.AreEqual(0, scores.Count, $"{variant} {rows}x{columns}");
                Assert.AreEqual(rows + 1, scores.RowPointers.Length);
                Assert.IsTrue(scores.RowPointers.All(p => p == 0));
            }
    }

    [TestMethod]
    public void EmptyLayerHasNoCandidates()
    {
        var pattern = new LinkPattern(6, 4, new int[7], Array.Empty<int>());
        foreach (var variant in Variants)
            Assert.AreEqual(0, CsrChLinkPredictor.Score(pattern, variant, maxThreads: 2).Count);
    }

    [TestMethod]
    public void ResultIsBitIdenticalForOneAndFourThreads()
    {
        var random = new Random(7);
        foreach (var (rows, columns, density) in new[] { (300, 500, 0.05), (500, 300, 0.02), (784, 1000, 0.01), (257, 263, 0.3), (3, 1000, 0.2) })
        {
            var pattern = RandomPattern(random, rows, columns, density, emptyLines: true);
            foreach (var variant in Variants)
            {
                var one = CsrChLinkPredictor.Score(pattern, variant, maxThreads: 1);
                var four = CsrChLinkPredictor.Score(pattern, variant, maxThreads: 4);
                string message = $"{variant} {rows}x{columns} density {density}";
                Assert.IsTrue(one.Count > 0, message);
                CollectionAssert.AreEqual(one.RowPointers, four.RowPointers, message);
                CollectionAssert.AreEqual(one.ColumnIndices, four.ColumnIndices, message);
                CollectionAssert.AreEqual(
                    one.Scores.Select(BitConverter.SingleToInt32Bits).ToArray(),
                    four.Scores.Select(BitConverter.SingleToInt32Bits).ToArray(), message);
            }
        }
    }

    [TestMethod]
    public void RejectsOtherPredictorsAndNoThreads()
    {
        var pattern = LinkPattern.Full(2, 2);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => CsrChLinkPredictor.Score(pattern, LinkPredictor.Random, 1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => CsrChLinkPredictor.Score(pattern, LinkPredictor.GradientMagnitude, 1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => CsrChLinkPredictor.Score(pattern, LinkPredictor.CH2L3n, 0));
    }

    /// <summary>
    /// Checks the CSR form (increasing columns, positive scores, no existing link) and that it holds exactly the
    /// positive entries of the torch matrix form, each within <see cref="RelativeTolerance"/>.
    /// </summary>
    private static void AssertMatchesTorch(LinkPattern pattern, LinkPredictor variant, CandidateScores scores, string message)
    {
        int rows = pattern.Rows, columns = pattern.Columns;
        Assert.AreEqual(rows, scores.Rows, message);
        Assert.AreEqual(columns, scores.Columns, message);
        var isLink = new bool[rows * columns];
        foreach (long f in pattern.ToFlatIndices())
            isLink[f] = true;
        for (int r = 0; r < rows; r++)
            for (int k = scores.RowPointers[r]; k < scores.RowPointers[r + 1]; k++)
            {
                int c = scores.ColumnIndices[k];
                Assert.IsTrue(k == scores.RowPointers[r] || c > scores.ColumnIndices[k - 1], $"row {r} columns not increasing: {message}");
                Assert.IsTrue(scores.Scores[k] > 0, $"[{r},{c}] score {scores.Scores[k]}: {message}");
                Assert.IsFalse(isLink[r * columns + c], $"[{r},{c}] is a link: {message}");
            }

        float[] expected;
        using (NewDisposeScope())
        {
            var mask = tensor(isLink, new long[] { rows, columns });
            expected = ChLinkPredictor.Score(mask, variant).contiguous().data<float>().ToArray();
        }
        var actual = ToDense(scores, out var present);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(expected[i] > 0, present[i], $"[{i / columns},{i % columns}] torch {expected[i]}: {message}");
            double tolerance = RelativeTolerance * Math.Abs(expected[i]);
            Assert.AreEqual(expected[i], actual[i], tolerance, $"[{i / columns},{i % columns}]: {message}");
        }
    }

    private static float[] ToDense(CandidateScores scores, out bool[] present)
    {
        var dense = new float[scores.Rows * scores.Columns];
        present = new bool[dense.Length];
        for (int r = 0; r < scores.Rows; r++)
            for (int k = scores.RowPointers[r]; k < scores.RowPointers[r + 1]; k++)
            {
                int i = r * scores.Columns + scores.ColumnIndices[k];
                dense[i] = scores.Scores[k];
                present[i] = true;
            }
        return dense;
    }

    private static LinkPattern FromGrid(int[,] grid)
    {
        var flat = new List<long>();
        int columns = grid.GetLength(1);
        for (int r = 0; r < grid.GetLength(0); r++)
            for (int c = 0; c < columns; c++)
                if (grid[r, c] != 0)
                    flat.Add((long)r * columns + c);
        return LinkPattern.FromFlatIndices(grid.GetLength(0), columns, flat.ToArray());
    }
}
