// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Trainers;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Csr;
using Microsoft.ML.Sparse.Engine.Csr.Initialization;
using Microsoft.ML.Sparse.Engine.Torch.Initialization;
using Microsoft.ML.Sparse.Engine.Torch.Layers;
using Microsoft.ML.Sparse.Engine.Torch.Topology;

namespace Microsoft.ML.Sparse.Tests.Engine.Csr;

[TestClass]
public sealed class ManagedTopologyInitializationTests
{
    private static readonly (int Rows, int Columns)[] Shapes = { (3, 5), (5, 3), (16, 16), (20, 64), (64, 20), (1, 7), (7, 1), (50, 33), (1, 1) };
    private static readonly double[] Densities = { 0.01, 0.05, 0.1, 0.3, 0.5, 0.7, 1.0 };

    [TestMethod]
    public void EveryInitialisationHasExactlyTheTargetLinkCount()
    {
        var random = new SplitMixRandom(7);
        var data = Gaussian(40 * 12, random);
        var correlation = CsrCorrelatedTopology.PearsonCorrelation(data, 40, 12);
        var options = new SparseTopologyOptions();
        foreach (var (rows, columns) in Shapes)
        foreach (double density in Densities)
        foreach (var kind in Enum.GetValues<TopologyInitialization>())
        foreach (var degrees in Enum.GetValues<BrfDegreeDistribution>())
        foreach (double randomness in new[] { 0, 0.3, 1 })
        {
            long links = TargetLinkCount.For(rows, columns, density);
            options.BrfDegrees = degrees;
            options.BrfRandomness = randomness;
            options.BswBeta = randomness;
            var pattern = CsrTopologyInitializer.Create(kind, rows, columns, links, options.ToEngine(), correlation, 12, random);
            string what = $"{kind} {degrees} r={randomness} {rows}x{columns} d={density}";
            Assert.AreEqual(rows, pattern.Rows, what);
            Assert.AreEqual(columns, pattern.Columns, what);
            Assert.AreEqual(links, (long)pattern.LinkCount, what); // no duplicates: LinkPattern checks increasing columns
        }
    }

    [TestMethod]
    public void TheSameSeedGivesTheSamePatternAndAnotherSeedADifferentOne()
    {
        var options = new SparseTopologyOptions { BswBeta = 0.25, BrfRandomness = 0.3 };
        foreach (var kind in new[] { TopologyInitialization.ErdosRenyi, TopologyInitialization.BipartiteSmallWorld, TopologyInitialization.BipartiteReceptiveField })
        foreach (var degrees in Enum.GetValues<BrfDegreeDistribution>())
        {
            options.BrfDegrees = degrees;
            long[] Flat(long seed) => CsrTopologyInitializer.Create(kind, 50, 80, 400, options.ToEngine(), null, 0, new SplitMixRandom(seed)).ToFlatIndices();
            CollectionAssert.AreEqual(Flat(3), Flat(3), $"{kind} {degrees}");
            CollectionAssert.AreNotEqual(Flat(3), Flat(4), $"{kind} {degrees}");
        }
        CollectionAssert.AreEqual(
            CsrWeightInit.Values(SparseWeightInitialization.SwiFanIn, 50, 80, 400, new SplitMixRandom(3)),
            CsrWeightInit.Values(SparseWeightInitialization.SwiFanIn, 50, 80, 400, new SplitMixRandom(3)));
    }

    [TestMethod]
    [DataRow(6, DisplayName = "sparse (draws)")]
    [DataRow(15, DisplayName = "dense (complement)")]
    public void ErdosRenyiIsExactAndUniformOverPositions(int links)
    {
        var random = new SplitMixRandom(11);
        var counts = new int[20];
        for (int i = 0; i < 2000; i++)
        {
            var pattern = CsrErdosRenyi.Create(4, 5, links, random);
            Assert.AreEqual(links, pattern.LinkCount);
            foreach (long f in pattern.ToFlatIndices())
                counts[f]++;
        }
        // Each position is a link with probability links/20: 2000·p expected (sd ≤ 22.4).
        foreach (int count in counts)
            Assert.AreEqual(2000.0 * links / 20, count, 100);
    }

    [TestMethod]
    public void ErdosRenyiOnALargeLayerWithFewLinksNeedsNoDenseScratch()
    {
        var pattern = CsrErdosRenyi.Create(10000, 10000, 100_000, new SplitMixRandom(1));
        Assert.AreEqual(100_000, pattern.LinkCount);
    }

    [TestMethod]
    public void SamplingOutsideTheTakenPositionsIsUniformOverTheFreeOnes()
    {
        var random = new SplitMixRandom(13);
        long[] taken = { 0, 2, 3, 7 };
        var counts = new int[9];
        for (int i = 0; i < 2000; i++)
        {
            var added = ManagedSampling.Outside(9, taken, 2, random);
            Assert.AreEqual(2, added.Distinct().Count());
            foreach (long p in added)
                counts[p]++;
        }
        foreach (long p in taken)
            Assert.AreEqual(0, counts[p], $"taken position {p}");
        foreach (int p in new[] { 1, 4, 5, 6, 8 })
            Assert.AreEqual(2000 * 2 / 5.0, counts[p], 90, $"free position {p}"); // sd ~ 21.9
    }

    [TestMethod]
    public void SmallWorldWithBetaZeroIsTheTorchRingLattice()
    {
        EngineTestKit.Load();
        foreach (var (rows, columns) in Shapes.Append((8, 4)).Append((4, 8)).Append((33, 50)))
        foreach (double density in Densities)
        {
            using var scope = NewDisposeScope();
            long links = TargetLinkCount.For(rows, columns, density);
            var expected = MaskOps.LinkIndices(BipartiteSmallWorldTopology.RingLattice(rows, columns, links, CPU)).data<long>().ToArray();
            var actual = CsrBipartiteSmallWorld.Create(rows, columns, links, 0, new SplitMixRandom(1)).ToFlatIndices();
            CollectionAssert.AreEqual(expected, actual, $"{rows}x{columns} d={density}");
        }
    }

    [TestMethod]
    public void SmallWorldRewiresAboutBetaOfTheLinks()
    {
        var lattice = new HashSet<long>(CsrBipartiteSmallWorld.RingLattice(100, 80, 1600).ToFlatIndices());
        var rewired = CsrBipartiteSmallWorld.Create(100, 80, 1600, 0.25, new SplitMixRandom(5));
        Assert.AreEqual(1600, rewired.LinkCount);
        int kept = rewired.ToFlatIndices().Count(lattice.Contains);
        // ~75% of lattice links survive (plus a few re-added by chance): 1200 + 80, sd ~ 17.
        Assert.AreEqual(1200 + 1600 * 0.25 * (1600.0 / 8000), kept, 80);
    }

    [TestMethod]
    public void ReceptiveFieldWithZeroRandomnessIsTheTorchBand()
    {
        EngineTestKit.Load();
        using var generator = new Generator(1);
        foreach (var (rows, columns) in Shapes.Append((4, 8)).Append((8, 4)).Append((5, 5)).Append((6, 100)))
        foreach (double density in Densities)
        {
            using var scope = NewDisposeScope();
            long links = TargetLinkCount.For(rows, columns, density);
            var torchMask = BipartiteReceptiveFieldTopology.Create(rows, columns, links, 0, BrfDegreeDistribution.Fixed, CPU, generator);
            var expected = MaskOps.LinkIndices(torchMask).data<long>().ToArray();
            var actual = CsrBipartiteReceptiveField.Create(rows, columns, links, 0, BrfDegreeDistribution.Fixed, new SplitMixRandom(1)).ToFlatIndices();
            CollectionAssert.AreEqual(expected, actual, $"{rows}x{columns} d={density}");
        }
    }

    [TestMethod]
    [DataRow(10, 40)]
    [DataRow(40, 10)]
    public void ReceptiveFieldFixedDegreesGiveEverySmallSideNeuronItsEvenShare(int rows, int columns)
    {
        var pattern = CsrBipartiteReceptiveField.Create(rows, columns, 125, 0.25, BrfDegreeDistribution.Fixed, new SplitMixRandom(4));
        var degrees = rows <= columns
            ? Enumerable.Range(0, rows).Select(pattern.RowDegree).ToArray()
            : Enumerable.Range(0, columns).Select(c => pattern.Transpose().ColumnPointers[c + 1] - pattern.Transpose().ColumnPointers[c]).ToArray();
        CollectionAssert.AreEqual(new[] { 12, 13, 12, 13, 12, 13, 12, 13, 12, 13 }, degrees);
    }

    [TestMethod]
    public void ReceptiveFieldUniformDegreesAreVariedAndAtLeastOne()
    {
        var pattern = CsrBipartiteReceptiveField.Create(10, 40, 125, 0.25, BrfDegreeDistribution.Uniform, new SplitMixRandom(4));
        var degrees = Enumerable.Range(0, 10).Select(pattern.RowDegree).ToArray();
        Assert.AreEqual(125, degrees.Sum());
        Assert.IsTrue(degrees.All(d => d >= 1 && d <= 40));
        Assert.IsTrue(degrees.Distinct().Count() > 2, "uniform assignment gives varied degrees: " + string.Join(",", degrees));
    }

    [TestMethod]
    public void ReceptiveFieldLinksConcentrateNearTheDiagonalForSmallRandomness()
    {
        var random = new SplitMixRandom(9);
        double MeanDistance(double r)
        {
            var pattern = CsrBipartiteReceptiveField.Create(64, 64, 640, r, BrfDegreeDistribution.Fixed, random);
            return pattern.ToFlatIndices().Average(f => { long d = Math.Abs(f / 64 - f % 64); return (double)Math.Min(d, 64 - d); });
        }
        double near = MeanDistance(0.1), mid = MeanDistance(0.5), uniform = MeanDistance(1.0);
        Assert.IsTrue(near < mid && mid < uniform, $"mean ring distance r=0.1: {near}, r=0.5: {mid}, r=1: {uniform}");
        Assert.AreEqual(16.0, uniform, 2.0, "r=1 is uniform: mean ring distance ~ 64/4");
    }

    [TestCategory(TestLanes.Slow)]
    [TestMethod]
    [DataRow(16, 4, 0.5)]
    [DataRow(16, 12, 0.1)]
    [DataRow(200, 5, 0.3)]
    [DataRow(31, 6, 0.8)]
    public void ReceptiveFieldSamplesWithTheTorchProbabilities(int width, int degree, double randomness)
    {
        // One small-side neuron (centre 0): the frequency of every position over many draws matches torch's
        // dense Gumbel-top-k (sd of the difference <= sqrt(2 * 0.25 / 4000) = 0.011).
        EngineTestKit.Load();
        const int Draws = 4000;
        using var generator = new Generator(8);
        var random = new SplitMixRandom(8);
        var torchCounts = new double[width];
        var managedCounts = new double[width];
        for (int i = 0; i < Draws; i++)
        {
            using var scope = NewDisposeScope();
            var mask = BipartiteReceptiveFieldTopology.Create(1, width, degree, randomness, BrfDegreeDistribution.Fixed, CPU, generator);
            foreach (long f in MaskOps.LinkIndices(mask).data<long>().ToArray())
                torchCounts[f]++;
            foreach (long f in CsrBipartiteReceptiveField.Create(1, width, degree, randomness, BrfDegreeDistribution.Fixed, random).ToFlatIndices())
                managedCounts[f]++;
        }
        for (int j = 0; j < width; j++)
            Assert.AreEqual(torchCounts[j] / Draws, managedCounts[j] / Draws, 0.045, $"position {j}");
    }

    [TestMethod]
    public void CorrelatedTopologyKeepsTheLargestAbsoluteCorrelationsTiledOverTheLayer()
    {
        // 3 features; |corr| off-diagonal: (0,1)=0.9, (0,2)=0.2, (1,2)=0.5 (sign ignored); NaN -> 0; diagonal -> 0.
        var correlation = new[] { 1f, -0.9f, 0.2f, -0.9f, 1f, float.NaN, 0.2f, float.NaN, 1f };
        var square = CsrCorrelatedTopology.Create(3, 3, 2, correlation, 3);
        CollectionAssert.AreEqual(new long[] { 1, 3 }, square.ToFlatIndices());
        // 6x4 uses C[r mod 3, c mod 3]: |corr| = 0.9 at rows 0,3 -> col 1; rows 1,4 -> cols 0,3.
        var tiled = CsrCorrelatedTopology.Create(6, 4, 6, correlation, 3);
        CollectionAssert.AreEqual(new long[] { 1, 4, 7, 13, 16, 19 }, tiled.ToFlatIndices());
    }

    [TestMethod]
    public void CorrelatedTopologyMatchesTorchOnACorrelationWithoutTies()
    {
        EngineTestKit.Load();
        const int F = 12;
        var random = new SplitMixRandom(21);
        var correlation = Enumerable.Range(0, F * F).Select(_ => (float)(2 * random.NextDouble() - 1)).ToArray(); // distinct, not symmetric
        using var torchCorrelation = tensor(correlation, new long[] { F, F });
        int exact = 0;
        foreach (var (rows, columns) in new[] { (12, 12), (6, 10), (30, 20), (5, 40), (40, 5), (1, 7), (7, 1), (25, 25) })
        foreach (double density in Densities)
        {
            using var scope = NewDisposeScope();
            long links = TargetLinkCount.For(rows, columns, density);
            var expected = MaskOps.LinkIndices(CorrelatedTopology.Create(rows, columns, links, torchCorrelation, CPU)).data<long>().ToArray();
            var actual = CsrCorrelatedTopology.Create(rows, columns, links, correlation, F).ToFlatIndices();
            float Magnitude(long f) { int a = (int)(f / columns % F), b = (int)(f % columns % F); return a == b ? 0 : Math.Abs(correlation[a * F + b]); }
            string what = $"{rows}x{columns} d={density}";
            // Same multiset of |correlation| always; the same links whenever the k-th value is not tied with the next.
            CollectionAssert.AreEqual(expected.Select(Magnitude).Order().ToArray(), actual.Select(Magnitude).Order().ToArray(), what);
            var all = Enumerable.Range(0, rows * columns).Select(f => Magnitude(f)).OrderDescending().ToArray();
            if (links == all.Length || all[links - 1] != all[links])
            {
                CollectionAssert.AreEqual(expected, actual, what);
                exact++;
            }
        }
        Assert.IsTrue(exact >= 20, $"only {exact} untied cases compared exactly");
    }

    [TestMethod]
    public void PearsonCorrelationMatchesTorch()
    {
        EngineTestKit.Load();
        using var scope = NewDisposeScope();
        const int Rows = 130, F = 9; // two full blocks of 64 samples and a partial one
        var random = new SplitMixRandom(5);
        var data = Gaussian(Rows * F, random);
        for (int s = 0; s < Rows; s++)
        {
            data[s * F + 3] = 7;                                  // constant -> 0
            data[s * F + 4] = 2 * data[s * F] + 1;                 // corr 1 with feature 0
            data[s * F + 5] = -data[s * F + 1] + 0.1f * data[s * F + 2]; // strongly negative
        }
        var expected = CorrelatedTopology.PearsonCorrelation(tensor(data, new long[] { Rows, F })).data<float>().ToArray();
        var actual = CsrCorrelatedTopology.PearsonCorrelation(data, Rows, F);
        Assert.AreEqual(F * F, actual.Length);
        for (int i = 0; i < F * F; i++)
            Assert.AreEqual(expected[i], actual[i], 1e-5, $"entry {i / F},{i % F}");
        Assert.AreEqual(1.0, actual[4], 1e-5);
        Assert.AreEqual(0f, actual[3 * F + 3]);
    }

    [TestMethod]
    public void CorrelatedWithoutCorrelationMatrixThrowsTheTorchError()
    {
        EngineTestKit.Load();
        using var generator = new Generator(1);
        var torchError = Assert.ThrowsExactly<ArgumentException>(() =>
            TopologyInitializer.Create(TopologyInitialization.Correlated, 4, 4, 3, new SparseTopologyOptions().ToEngine(), null, CPU, generator));
        var managedError = Assert.ThrowsExactly<ArgumentException>(() =>
            CsrTopologyInitializer.Create(TopologyInitialization.Correlated, 4, 4, 3, new SparseTopologyOptions().ToEngine(), null, 0, new SplitMixRandom(1)));
        Assert.AreEqual(torchError.Message, managedError.Message);
        Assert.AreEqual(torchError.ParamName, managedError.ParamName);
        Assert.ThrowsExactly<ArgumentException>(() => CsrCorrelatedTopology.Create(4, 4, 3, new float[9], 4));
    }

    [TestMethod]
    [DataRow(SparseWeightInitialization.SwiFanIn, 0.2236068)]   // sqrt(2 / (8000 / 200))
    [DataRow(SparseWeightInitialization.SwiFanOut, 0.3162278)]  // sqrt(2 / (8000 / 400))
    [DataRow(SparseWeightInitialization.Kaiming, 0.0707107)]    // sqrt(2 / 400)
    public void NormalWeightsHaveTheFormulaStandardDeviation(SparseWeightInitialization kind, double expectedStd)
    {
        Assert.AreEqual(expectedStd, WeightInitScale.StandardDeviation(kind, 200, 400, 8000), 1e-6);
        var values = CsrWeightInit.Values(kind, 200, 400, 8000, new SplitMixRandom(17));
        Assert.AreEqual(8000, values.Length);
        double mean = values.Average(v => (double)v);
        double std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        Assert.AreEqual(expectedStd, std, expectedStd * 0.03);
        Assert.AreEqual(0.0, mean, expectedStd * 0.05);
    }

    [TestMethod]
    public void XavierWeightsStayWithinTheGlorotBound()
    {
        var values = CsrWeightInit.Values(SparseWeightInitialization.Xavier, 100, 300, 30000, new SplitMixRandom(2));
        double bound = Math.Sqrt(6.0 / 400);
        Assert.IsTrue(values.All(v => Math.Abs((double)v) <= bound));
        double mean = values.Average(v => (double)v);
        double std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        Assert.AreEqual(bound / Math.Sqrt(3), std, bound * 0.02, "std of U(-b, b) is b/sqrt(3)");
    }

    [TestMethod]
    public void UniformFanInIsPyTorchsLinearDefaultInBothEngines()
    {
        var values = CsrWeightInit.Values(SparseWeightInitialization.UniformFanIn, 100, 400, 40000, new SplitMixRandom(3));
        double bound = 1 / Math.Sqrt(400);
        Assert.IsTrue(values.All(v => Math.Abs((double)v) <= bound));
        double mean = values.Average(v => (double)v);
        double std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        Assert.AreEqual(bound / Math.Sqrt(3), std, bound * 0.02);

        EngineTestKit.Load();
        using var layer = new Microsoft.ML.Sparse.Engine.Torch.Layers.MaskedLinear("l", 400, 100);
        using var generator = new TorchSharp.torch.Generator(3);
        Microsoft.ML.Sparse.Engine.Torch.Initialization.SparseWeightInit.Apply(layer, SparseWeightInitialization.UniformFanIn, generator);
        var torchValues = layer.Weight.detach().data<float>().ToArray();
        Assert.IsTrue(torchValues.All(v => Math.Abs((double)v) <= bound));
        Assert.AreEqual(bound / Math.Sqrt(3), Math.Sqrt(torchValues.Average(v => (double)v * v)), bound * 0.02);
    }

    private static float[] Gaussian(int count, SplitMixRandom random) =>
        Enumerable.Range(0, count).Select(_ => (float)random.NextGaussian()).ToArray();
}
