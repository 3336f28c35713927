// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Trainers;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Torch.Topology;

namespace Microsoft.ML.Sparse.Tests.Engine;

[TestClass]
public sealed class TopologyInitializationTests
{
    private static readonly (long Rows, long Columns)[] Shapes = { (3, 5), (5, 3), (16, 16), (20, 64), (64, 20), (1, 7), (7, 1), (50, 33) };
    private static readonly double[] Densities = { 0.01, 0.05, 0.1, 0.3, 0.5, 1.0 };

    [TestMethod]
    public void TargetLinkCountRoundsHalfAwayFromZeroAndNeverGivesAnEmptyLayer()
    {
        Assert.AreEqual(24586L, TargetLinkCount.For(1568, 1568, 0.01));   // 24586.24
        Assert.AreEqual(8L, TargetLinkCount.For(3, 5, 0.5));              // 7.5 -> 8
        Assert.AreEqual(1L, TargetLinkCount.For(3, 5, 0.01));             // 0.15 -> clamped to 1
        Assert.AreEqual(15L, TargetLinkCount.For(3, 5, 1.0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TargetLinkCount.For(3, 5, 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TargetLinkCount.For(3, 5, 1.5));
    }

    [TestMethod]
    public void EveryInitialisationHasExactlyTheTargetLinkCount()
    {
        EngineTestKit.Load();
        using var generator = new Generator(7);
        using var correlation = CorrelatedTopology.PearsonCorrelation(randn(new long[] { 40, 12 }, generator: generator));
        var options = new SparseTopologyOptions();
        foreach (var (rows, columns) in Shapes)
        {
            foreach (double density in Densities)
            {
                long links = TargetLinkCount.For(rows, columns, density);
                foreach (var kind in Enum.GetValues<TopologyInitialization>())
                {
                    foreach (var degrees in Enum.GetValues<BrfDegreeDistribution>())
                    {
                        using var scope = NewDisposeScope();
                        options.BrfDegrees = degrees;
                        options.BrfRandomness = 0.3;
                        var mask = TopologyInitializer.Create(kind, rows, columns, links, options.ToEngine(), correlation, CPU, generator);
                        CollectionAssert.AreEqual(new[] { rows, columns }, mask.shape, $"{kind}");
                        Assert.AreEqual(ScalarType.Bool, mask.dtype);
                        Assert.AreEqual(links, EngineTestKit.Count(mask), $"{kind} {degrees} {rows}x{columns} d={density}");
                    }
                }
            }
        }
    }

    [TestMethod]
    public void ErdosRenyiIsExactAndUniformOverPositions()
    {
        EngineTestKit.Load();
        using var scope = NewDisposeScope();
        using var generator = new Generator(11);
        var counts = zeros(new long[] { 4, 5 });
        for (int i = 0; i < 2000; i++)
        {
            var mask = ErdosRenyiTopology.Create(4, 5, 6, CPU, generator);
            Assert.AreEqual(6L, EngineTestKit.Count(mask));
            counts.add_(mask);
        }
        // Each position is a link with probability 6/20 = 0.3 -> 600 of 2000 expected (sd ~ 20.5).
        var frequencies = counts.data<float>().ToArray();
        foreach (var f in frequencies)
            Assert.AreEqual(600, f, 90);
    }

    [TestMethod]
    public void BipartiteSmallWorldWithBetaZeroIsTheRingLattice()
    {
        EngineTestKit.Load();
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        // 8 rows (larger side) x 4 columns, 24 links -> 3 per row, window [c-1, c+1] (mod 4) with
        // c = round(i*4/8) halves up: i=0..7 -> c = 0,1,1,2,2,3,3,4
        var expected = new int[,]
        {
            { 1, 1, 0, 1 },  // c=0: {3,0,1}
            { 1, 1, 1, 0 },  // c=1: {0,1,2}
            { 1, 1, 1, 0 },
            { 0, 1, 1, 1 },  // c=2: {1,2,3}
            { 0, 1, 1, 1 },
            { 1, 0, 1, 1 },  // c=3: {2,3,0}
            { 1, 0, 1, 1 },
            { 1, 1, 0, 1 },  // c=4: {3,0,1}
        };
        EngineTestKit.AssertMaskEqual(expected, BipartiteSmallWorldTopology.Create(8, 4, 24, beta: 0, CPU, generator), "8x4");
        // Columns larger: the same lattice transposed.
        var transposed = new int[4, 8];
        for (int r = 0; r < 8; r++)
            for (int c = 0; c < 4; c++)
                transposed[c, r] = expected[r, c];
        EngineTestKit.AssertMaskEqual(transposed, BipartiteSmallWorldTopology.Create(4, 8, 24, beta: 0, CPU, generator), "4x8");
    }

    [TestMethod]
    public void BipartiteSmallWorldRewiresAboutBetaOfTheLinks()
    {
        EngineTestKit.Load();
        using var scope = NewDisposeScope();
        using var generator = new Generator(5);
        var lattice = BipartiteSmallWorldTopology.RingLattice(100, 80, 1600, CPU);
        var rewired = BipartiteSmallWorldTopology.Create(100, 80, 1600, beta: 0.25, CPU, generator);
        long kept = EngineTestKit.Count(lattice.logical_and(rewired));
        // ~75% of lattice links survive (plus a few re-added by chance): 1200 +- 4 sd (sd ~ 17).
        Assert.AreEqual(1200 + 1600 * 0.25 * (1600.0 / 8000), kept, 80);
        Assert.AreEqual(1600L, EngineTestKit.Count(rewired));
    }

    [TestMethod]
    public void ReceptiveFieldWithZeroRandomnessIsTheNearestNeighbourBand()
    {
        EngineTestKit.Load();
        using var scope = NewDisposeScope();
        using var generator = new Generator(1);
        // 4 rows (smaller side) x 8 columns, 12 links -> 3 per row; stride 8/4 = 2, centres 0, 2, 4, 6;
        // row i takes {c-1, c, c+1} mod 8.
        var odd = new int[,]
        {
            { 1, 1, 0, 0, 0, 0, 0, 1 },
            { 0, 1, 1, 1, 0, 0, 0, 0 },
            { 0, 0, 0, 1, 1, 1, 0, 0 },
            { 0, 0, 0, 0, 0, 1, 1, 1 },
        };
        EngineTestKit.AssertMaskEqual(odd, BipartiteReceptiveFieldTopology.Create(4, 8, 12, 0, BrfDegreeDistribution.Fixed, CPU, generator), "k=3");
        // 8 links -> 2 per row: the tie at distance 1 goes forward, so row i takes {c, c+1}.
        var even = new int[,]
        {
            { 1, 1, 0, 0, 0, 0, 0, 0 },
            { 0, 0, 1, 1, 0, 0, 0, 0 },
            { 0, 0, 0, 0, 1, 1, 0, 0 },
            { 0, 0, 0, 0, 0, 0, 1, 1 },
        };
        EngineTestKit.AssertMaskEqual(even, BipartiteReceptiveFieldTopology.Create(4, 8, 8, 0, BrfDegreeDistribution.Fixed, CPU, generator), "k=2");
        // Tall layer: the columns are the smaller side; the band is transposed.
        var tall = new int[8, 4];
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 8; c++)
                tall[c, r] = odd[r, c];
        EngineTestKit.AssertMaskEqual(tall, BipartiteReceptiveFieldTopology.Create(8, 4, 12, 0, BrfDegreeDistribution.Fixed, CPU, generator), "8x4");
        // Square 5x5 with 15 links: stride 1, centres 0..4, {c-1, c, c+1}: the cyclic tridiagonal band.
        var square = new int[5, 5];
        for (int r = 0; r < 5; r++)
            for (int d = -1; d <= 1; d++)
                square[r, (r + d + 5) % 5] = 1;
        EngineTestKit.AssertMaskEqual(square, BipartiteReceptiveFieldTopology.Create(5, 5, 15, 0, BrfDegreeDistribution.Fixed, CPU, generator), "5x5");
    }

    [TestMethod]
    public void ReceptiveFieldLinksConcentrateNearTheDiagonalForSmallRandomness()
    {
        EngineTestKit.Load();
        using var scope = NewDisposeScope();
        using var generator = new Generator(9);
        double MeanDistance(double r)
        {
            var mask = BipartiteReceptiveFieldTopology.Create(64, 64, 640, r, BrfDegreeDistribution.Fixed, CPU, generator);
            var index = arange(64, dtype: ScalarType.Int64);
            var diff = (index.unsqueeze(0) - index.unsqueeze(1)).abs();
            var ring = minimum(diff, diff.neg().add(64));
            return ring.masked_select(mask).to(ScalarType.Float64).mean().item<double>();
        }
        double near = MeanDistance(0.1), mid = MeanDistance(0.5), uniform = MeanDistance(1.0);
        Assert.IsTrue(near < mid && mid < uniform, $"mean ring distance r=0.1: {near}, r=0.5: {mid}, r=1: {uniform}");
        Assert.AreEqual(16.0, uniform, 2.0, "r=1 is uniform: mean ring distance ~ 64/4");
    }

    [TestMethod]
    public void ReceptiveFieldDegreeDistributions()
    {
        EngineTestKit.Load();
        using var scope = NewDisposeScope();
        using var generator = new Generator(4);
        var fixedDegrees = BipartiteReceptiveFieldTopology.Create(10, 40, 125, 0.25, BrfDegreeDistribution.Fixed, CPU, generator).sum(dim: 1).data<long>().ToArray();
        CollectionAssert.AreEquivalent(new long[] { 12, 13, 12, 13, 12, 13, 12, 13, 12, 13 }, fixedDegrees);
        var uniformDegrees = BipartiteReceptiveFieldTopology.Create(10, 40, 125, 0.25, BrfDegreeDistribution.Uniform, CPU, generator).sum(dim: 1).data<long>().ToArray();
        Assert.AreEqual(125L, uniformDegrees.Sum());
        Assert.IsTrue(uniformDegrees.All(d => d >= 1 && d <= 40));
        Assert.IsTrue(uniformDegrees.Distinct().Count() > 2, "uniform assignment gives varied degrees: " + string.Join(",", uniformDegrees));
    }

    [TestMethod]
    public void CorrelatedTopologyKeepsTheLargestAbsoluteCorrelationsTiledOverTheLayer()
    {
        EngineTestKit.Load();
        using var scope = NewDisposeScope();
        // 3 features; |corr| off-diagonal: (0,1)=0.9, (0,2)=0.2, (1,2)=0.5 (sign ignored); NaN -> 0; diagonal -> 0.
        var correlation = tensor(new float[] { 1f, -0.9f, 0.2f, -0.9f, 1f, float.NaN, 0.2f, float.NaN, 1f }, new long[] { 3, 3 });
        var mask = CorrelatedTopology.Create(3, 3, 2, correlation, CPU);
        EngineTestKit.AssertMaskEqual(new[,] { { 0, 1, 0 }, { 1, 0, 0 }, { 0, 0, 0 } }, mask, "3x3");
        // A 6x4 layer uses the tiled matrix [[C, C], [C, C]][:6, :4], entry (r, c) = C[r mod 3, c mod 3];
        // |corr| = 0.9 at (r mod 3, c mod 3) in {(0,1), (1,0)}: rows 0,3 -> col 1; rows 1,4 -> cols 0,3: 6 links.
        var tiled = CorrelatedTopology.Create(6, 4, 6, correlation, CPU);
        var expected = new int[,] { { 0, 1, 0, 0 }, { 1, 0, 0, 1 }, { 0, 0, 0, 0 }, { 0, 1, 0, 0 }, { 1, 0, 0, 1 }, { 0, 0, 0, 0 } };
        EngineTestKit.AssertMaskEqual(expected, tiled, "6x4");
    }

    [TestMethod]
    public void PearsonCorrelationMatchesTheDefinition()
    {
        EngineTestKit.Load();
        using var scope = NewDisposeScope();
        // Columns: a, 2a + 1 (corr 1), -a (corr -1), constant (NaN -> 0).
        var a = new float[] { 1, 2, 3, 5 };
        var data = new float[16];
        for (int i = 0; i < 4; i++)
        {
            data[i * 4] = a[i];
            data[i * 4 + 1] = 2 * a[i] + 1;
            data[i * 4 + 2] = -a[i];
            data[i * 4 + 3] = 7;
        }
        var corr = CorrelatedTopology.PearsonCorrelation(tensor(data, new long[] { 4, 4 })).data<float>().ToArray();
        var expected = new float[] { 0, 1, -1, 0, 1, 0, -1, 0, -1, -1, 0, 0, 0, 0, 0, 0 };
        for (int i = 0; i < 16; i++)
            Assert.AreEqual(expected[i], corr[i], 1e-5, $"entry {i}");
    }

    [TestMethod]
    public void CorrelatedWithoutCorrelationMatrixThrowsAClearError()
    {
        EngineTestKit.Load();
        using var generator = new Generator(1);
        var ex = Assert.ThrowsExactly<ArgumentException>(() =>
            TopologyInitializer.Create(TopologyInitialization.Correlated, 4, 4, 3, new SparseTopologyOptions().ToEngine(), null, CPU, generator));
        StringAssert.Contains(ex.Message, "correlation");
    }
}
