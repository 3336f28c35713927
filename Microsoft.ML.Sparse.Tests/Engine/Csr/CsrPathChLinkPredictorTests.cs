// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core.Kernels;
using Microsoft.ML.Sparse.Engine.Core.LinkPrediction;
using Microsoft.ML.Sparse.Engine.Torch.LinkPrediction;
using static Microsoft.ML.Sparse.Tests.Engine.Csr.RandomLinkPatterns;

namespace Microsoft.ML.Sparse.Tests.Engine.Csr;

[TestClass]
public sealed class CsrPathChLinkPredictorTests
{
    private const double RelativeTolerance = 1e-5;
    private static readonly LinkPredictor[] Variants = { LinkPredictor.CH2L3p, LinkPredictor.CH3L3p };

    [TestMethod]
    public void HandComputedGraphGivesTheWorkedOutScores()
    {
        // o0: i0 i1, o1: i0 i2 i3, o2: i1 i3. E.g. (o0, i3): paths o0–i0–o1–i3 and o0–i1–o2–i3, LC = {i0, i1, o1, o2};
        // i0, i1 and o2 have one LC neighbour and no external link (de 0); o1 has i2 outside (de 1):
        // CH3 = 1/sqrt(1·2) + 1/sqrt(1·1), CH2 = sqrt(2·2)/sqrt(1·2) + sqrt(2·2)/sqrt(1·1).
        var pattern = FromGrid(new[,] { { 1, 1, 0, 0 }, { 1, 0, 1, 1 }, { 0, 1, 0, 1 } });
        double h = 1 / Math.Sqrt(2);
        var expectedCh3 = new[,] { { 0, 0, h, 1 + h }, { 0, 2, 0, 0 }, { 1 + h, 0, h, 0 } };
        var expectedCh2 = new[,] { { 0, 0, 2 * h, 2 + 2 * h }, { 0, 4, 0, 0 }, { 2 + 2 * h, 0, 2 * h, 0 } };
        AssertScores(pattern, LinkPredictor.CH3L3p, expectedCh3);
        AssertScores(pattern, LinkPredictor.CH2L3p, expectedCh2);
    }

    [TestMethod]
    public void TwoPathsThroughOneOutputCountTwiceUnlikeTheNodeBasedScore()
    {
        // o0: i0 i1, o1: i0 i1 i2. The only candidate (o0, i2) has the paths o0–i0–o1–i2 and o0–i1–o1–i2; every LC node
        // (i0, i1, o1) has de 0; di is 1 for i0, i1 and 2 for o1. Path-based: CH3 = 2·1, CH2 = 2·sqrt(2·3).
        // Node-based counts o1 once: CH3-L3n = 3 (three LC nodes), CH2-L3n = 2 + 2 + 3 = 7.
        var pattern = FromGrid(new[,] { { 1, 1, 0 }, { 1, 1, 1 } });
        AssertScores(pattern, LinkPredictor.CH3L3p, new[,] { { 0, 0, 2.0 }, { 0, 0, 0 } });
        AssertScores(pattern, LinkPredictor.CH2L3p, new[,] { { 0, 0, 2 * Math.Sqrt(6) }, { 0, 0, 0 } });
        AssertScores(pattern, LinkPredictor.CH3L3n, new[,] { { 0, 0, 3.0 }, { 0, 0, 0 } });
        AssertScores(pattern, LinkPredictor.CH2L3n, new[,] { { 0, 0, 7.0 }, { 0, 0, 0 } });
    }

    [TestMethod]
    public void EqualsDirectPathEnumerationOnRandomBipartiteGraphs()
    {
        var random = new Random(27);
        var shapes = new (int Rows, int Columns)[] { (1, 1), (1, 12), (12, 1), (2, 3), (7, 7), (9, 14), (14, 9), (25, 25), (40, 18) };
        int compared = 0;
        foreach (var (rows, columns) in shapes)
            foreach (double density in new[] { 0.05, 0.15, 0.3, 0.6 })
                for (int trial = 0; trial < 3; trial++)
                {
                    var pattern = RandomPattern(random, rows, columns, density, emptyLines: trial == 2);
                    foreach (var variant in Variants)
                    {
                        var expected = BruteForce(pattern, variant == LinkPredictor.CH2L3p);
                        var actual = CsrPathChLinkPredictor.Score(pattern, variant, maxThreads: 2);
                        AssertEqualsDense(actual, expected, $"{variant} {rows}x{columns} density {density} trial {trial}");
                        compared += expected.Count(e => e > 0);
                    }
                }
        Assert.IsTrue(compared > 2000, $"only {compared} positive scores compared");
    }

    [TestMethod]
    public void ResultIsBitIdenticalForOneTwoAndFourThreads()
    {
        var random = new Random(11);
        foreach (var (rows, columns, density) in new[] { (300, 500, 0.05), (500, 300, 0.02), (784, 400, 0.01), (157, 163, 0.3), (3, 900, 0.2) })
        {
            var pattern = RandomPattern(random, rows, columns, density, emptyLines: true);
            foreach (var variant in Variants)
            {
                var one = CsrPathChLinkPredictor.Score(pattern, variant, maxThreads: 1);
                string message = $"{variant} {rows}x{columns} density {density}";
                Assert.IsTrue(one.Count > 0, message);
                foreach (int threads in new[] { 2, 4 })
                {
                    var other = CsrPathChLinkPredictor.Score(pattern, variant, maxThreads: threads);
                    CollectionAssert.AreEqual(one.RowPointers, other.RowPointers, message);
                    CollectionAssert.AreEqual(one.ColumnIndices, other.ColumnIndices, message);
                    CollectionAssert.AreEqual(one.Scores.Select(BitConverter.SingleToInt32Bits).ToArray(),
                        other.Scores.Select(BitConverter.SingleToInt32Bits).ToArray(), $"{message}, {threads} threads");
                }
            }
        }
    }

    [TestMethod]
    public void FullAndEmptyLayersHaveNoCandidatesAndOtherPredictorsAreRejected()
    {
        foreach (var variant in Variants)
        {
            Assert.AreEqual(0, CsrPathChLinkPredictor.Score(LinkPattern.Full(7, 5), variant, maxThreads: 3).Count);
            Assert.AreEqual(0, CsrPathChLinkPredictor.Score(new LinkPattern(6, 4, new int[7], Array.Empty<int>()), variant, maxThreads: 2).Count);
        }
        var pattern = LinkPattern.Full(2, 2);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => CsrPathChLinkPredictor.Score(pattern, LinkPredictor.CH2L3n, 1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => CsrPathChLinkPredictor.Score(pattern, LinkPredictor.Random, 1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => CsrPathChLinkPredictor.Score(pattern, LinkPredictor.CH3L3p, 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => CsrChLinkPredictor.Score(pattern, LinkPredictor.CH3L3p, 1));
    }

    [TestMethod]
    public void TorchSharpEngineGetsTheSameScoresAsADenseTensor()
    {
        EngineTestKit.Load();
        var pattern = RandomPattern(new Random(5), 30, 45, 0.1, emptyLines: true);
        foreach (var variant in Variants)
        {
            float[] fromTorch;
            using (NewDisposeScope())
            {
                var mask = tensor(ManagedTestKit.Mask(pattern), new long[] { pattern.Rows, pattern.Columns });
                var scores = LinkScores.Compute(variant, mask, null, new TorchSharp.torch.Generator(1));
                CollectionAssert.AreEqual(new long[] { 30, 45 }, scores.shape);
                fromTorch = scores.contiguous().data<float>().ToArray();
            }
            var expected = ToDense(CsrPathChLinkPredictor.Score(pattern, variant, maxThreads: 1));
            CollectionAssert.AreEqual(expected, fromTorch, $"{variant}");
            Assert.IsTrue(expected.Count(s => s > 0) > 100, $"{variant}: too few candidates to compare");
        }
    }

    /// <summary>
    /// The definition enumerated directly on the monopartite graph (outputs 0..rows−1, inputs after them): for each
    /// non-link (u, v), every simple path u–a–b–v, the local community of their inner nodes, and for each inner node z
    /// di_z = links to LC nodes, de_z = deg(z) − di_z − links to u or v.
    /// </summary>
    private static double[] BruteForce(LinkPattern pattern, bool ch2)
    {
        int rows = pattern.Rows, columns = pattern.Columns, n = rows + columns;
        var neighbours = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        for (int r = 0; r < rows; r++)
            for (int k = pattern.RowPointers[r]; k < pattern.RowPointers[r + 1]; k++)
            {
                neighbours[r].Add(rows + pattern.ColumnIndices[k]);
                neighbours[rows + pattern.ColumnIndices[k]].Add(r);
            }
        var scores = new double[rows * columns];
        for (int u = 0; u < rows; u++)
            for (int c = 0; c < columns; c++)
            {
                int v = rows + c;
                if (neighbours[u].Contains(v))
                    continue;
                var paths = new List<(int A, int B)>();
                foreach (int a in neighbours[u])
                    foreach (int b in neighbours[a])
                        if (b != u && b != v && a != v && neighbours[b].Contains(v))
                            paths.Add((a, b));
                var community = paths.SelectMany(p => new[] { p.A, p.B }).ToHashSet();
                double Internal(int z) => neighbours[z].Count(community.Contains);
                double External(int z) => neighbours[z].Count - Internal(z) - neighbours[z].Count(w => w == u || w == v);
                double sum = 0;
                foreach (var (a, b) in paths)
                {
                    double denominator = Math.Sqrt((1 + External(a)) * (1 + External(b)));
                    sum += ch2 ? Math.Sqrt((1 + Internal(a)) * (1 + Internal(b))) / denominator : 1 / denominator;
                }
                scores[u * columns + c] = sum;
            }
        return scores;
    }

    private static void AssertScores(LinkPattern pattern, LinkPredictor variant, double[,] expected)
    {
        var flat = new double[expected.Length];
        for (int r = 0; r < expected.GetLength(0); r++)
            for (int c = 0; c < expected.GetLength(1); c++)
                flat[r * expected.GetLength(1) + c] = expected[r, c];
        var scores = CsrPathChLinkPredictor.IsPathBased(variant)
            ? CsrPathChLinkPredictor.Score(pattern, variant, maxThreads: 1)
            : CsrChLinkPredictor.Score(pattern, variant, maxThreads: 1);
        AssertEqualsDense(scores, flat, variant.ToString());
    }

    /// <summary>The CSR scores hold exactly the positive expected entries (increasing columns, no link), each within tolerance.</summary>
    private static void AssertEqualsDense(CandidateScores scores, double[] expected, string message)
    {
        var actual = ToDense(scores);
        for (int r = 0; r < scores.Rows; r++)
            for (int k = scores.RowPointers[r]; k < scores.RowPointers[r + 1]; k++)
                Assert.IsTrue(k == scores.RowPointers[r] || scores.ColumnIndices[k] > scores.ColumnIndices[k - 1], $"row {r} columns not increasing: {message}");
        for (int i = 0; i < expected.Length; i++)
        {
            string at = $"[{i / scores.Columns},{i % scores.Columns}]: {message}";
            Assert.AreEqual(expected[i] > 0, actual[i] > 0, $"presence {at}, expected {expected[i]}, got {actual[i]}");
            Assert.AreEqual(expected[i], actual[i], RelativeTolerance * expected[i], at);
        }
    }

    private static float[] ToDense(CandidateScores scores)
    {
        var dense = new float[scores.Rows * scores.Columns];
        for (int r = 0; r < scores.Rows; r++)
            for (int k = scores.RowPointers[r]; k < scores.RowPointers[r + 1]; k++)
                dense[r * scores.Columns + scores.ColumnIndices[k]] = scores.Scores[k];
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
