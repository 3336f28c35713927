// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Core.Kernels;
using Microsoft.ML.Sparse.Engine.Core.LinkPrediction;
using static Microsoft.ML.Sparse.Tests.Engine.Csr.RandomLinkPatterns;

namespace Microsoft.ML.Sparse.Tests.Engine.Csr;

/// <summary>
/// The two routes of node-based CH link prediction, scatters over the sparse structure and dense products, give the
/// same candidates with bit-identical scores at every density and shape, whatever the threads; the automatic choice
/// takes the dense products from <see cref="CsrChLinkPredictor.DenseProductsFromDensity"/>.
/// </summary>
[TestClass]
public sealed class DenseChRouteTests
{
    private static readonly LinkPredictor[] Variants = { LinkPredictor.CH2L3n, LinkPredictor.CH3L3n };

    [TestMethod]
    public void DenseProductsEqualScattersBitForBit()
    {
        var random = new Random(11);
        var shapes = new[] { (1, 1), (1, 9), (9, 1), (3, 5), (17, 9), (9, 17), (64, 33), (40, 130), (130, 40), (121, 121), (70, 300) };
        var densities = new[] { 0.01, 0.05, 0.2, 0.5, 0.8, 0.97, 1.0 };
        int compared = 0;
        foreach (var (rows, columns) in shapes)
            foreach (double density in densities)
                foreach (bool emptyLines in new[] { false, true })
                {
                    var pattern = RandomPattern(random, rows, columns, density, emptyLines);
                    foreach (var variant in Variants)
                    {
                        var scatters = CsrChLinkPredictor.Score(pattern, variant, maxThreads: 1, denseProducts: false);
                        foreach (int threads in new[] { 1, 3 })
                        {
                            var products = CsrChLinkPredictor.Score(pattern, variant, threads, denseProducts: true);
                            AssertSame(scatters, products, $"{variant} {rows}x{columns} density {density} empty lines {emptyLines}, {threads} threads");
                        }
                        compared += scatters.Count;
                    }
                }
        Assert.IsTrue(compared > 50_000, $"only {compared} candidates compared");
    }

    [TestMethod]
    public void HandComputedScoresComeOutOfTheDenseProducts()
    {
        // o0: i0 i1, o1: i0 i2 i3, o2: i1 i3 (the worked graph of ChLinkPredictorTests): CH2 scores 3, 7, 8, 7, 3.
        var pattern = LinkPattern.FromFlatIndices(3, 4, new long[] { 0, 1, 4, 6, 7, 9, 11 });
        var scores = CsrChLinkPredictor.Score(pattern, LinkPredictor.CH2L3n, maxThreads: 1, denseProducts: true);
        CollectionAssert.AreEqual(new[] { 0, 2, 3, 5 }, scores.RowPointers);
        CollectionAssert.AreEqual(new[] { 2, 3, 1, 0, 2 }, scores.ColumnIndices);
        CollectionAssert.AreEqual(new[] { 3f, 7f, 8f, 7f, 3f }, scores.Scores);
    }

    [TestMethod]
    public void AutomaticChoiceFollowsTheDensity()
    {
        var random = new Random(3);
        var sparse = RandomPattern(random, 200, 200, 0.01, emptyLines: false);
        var dense = RandomPattern(random, 200, 200, 0.3, emptyLines: false);
        Assert.IsFalse(CsrChLinkPredictor.UsesDenseProducts(sparse));
        Assert.IsTrue(CsrChLinkPredictor.UsesDenseProducts(dense));
        // One output over 9,000 inputs at 20%: the packed R would hold 9,000 × 9,001 floats, above the 64 M cap.
        var wide = LinkPattern.FromFlatIndices(1, 9000, Enumerable.Range(0, 1800).Select(i => (long)i * 5).ToArray());
        Assert.IsFalse(CsrChLinkPredictor.UsesDenseProducts(wide), "the packed operand would exceed the memory cap");
        AssertSame(CsrChLinkPredictor.Score(dense, LinkPredictor.CH2L3n, 2, denseProducts: false),
            CsrChLinkPredictor.Score(dense, LinkPredictor.CH2L3n, 2), "automatic route");
    }

    private static void AssertSame(CandidateScores expected, CandidateScores actual, string message)
    {
        CollectionAssert.AreEqual(expected.RowPointers, actual.RowPointers, message);
        CollectionAssert.AreEqual(expected.ColumnIndices, actual.ColumnIndices, message);
        CollectionAssert.AreEqual(expected.Scores.Select(BitConverter.SingleToInt32Bits).ToArray(),
            actual.Scores.Select(BitConverter.SingleToInt32Bits).ToArray(), message);
    }
}
