// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Mlp;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse.Tests.Mlp;

/// <summary>
/// The bounded-memory path of the MLP trainers (<see cref="SparseMlpOptions.StreamingBlockRows"/>) on small synthetic
/// data: seeded determinism, accuracy next to the in-memory path, and the block reader's row bound.
/// </summary>
[TestClass]
public sealed class StreamingMlpTrainingTests
{
    private const int Width = 12;

    private sealed class Row
    {
        [VectorType(Width)]
        public float[] Features { get; set; } = Array.Empty<float>();

        public uint Label { get; set; }
    }

    /// <summary>
    /// Four classes from the signs of x0·x1 and x2 + x3 (not linearly separable), 8 noise features, rows in random order.
    /// Row i carries i in feature 11 scaled to [0, 1) so a test can tell rows apart.
    /// </summary>
    private static IDataView Task(MLContext ml, int rows, int seed)
    {
        var random = new Random(seed);
        var list = new List<Row>();
        for (int i = 0; i < rows; i++)
        {
            var x = Enumerable.Range(0, Width).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            x[Width - 1] = (float)i / rows;
            uint label = (uint)((x[0] * x[1] > 0 ? 1 : 0) + (x[2] + x[3] > 0 ? 2 : 0));
            list.Add(new Row { Features = x, Label = label });
        }
        var view = ml.Data.LoadFromEnumerable(list);
        return ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue).Fit(view).Transform(view);
    }

    private static SparseMlpOptions Options(int? blockRows, int seed = 5) => new()
    {
        HiddenLayerSizes = new[] { 64, 64 },
        NumberOfEpochs = 12,
        BatchSize = 32,
        Seed = seed,
        Engine = SparseTrainingEngine.Managed,
        FeatureEncoding = FeatureEncoding.None,
        StreamingBlockRows = blockRows,
        Topology = new SparseTopologyOptions { Method = SparseTrainingMethod.Chts, Density = 0.2 },
    };

    private static (float[][] Scores, double Accuracy) FitAndScore(MLContext ml, IDataView train, IDataView test, SparseMlpOptions options)
    {
        var model = ml.MulticlassClassification.Trainers.SparseMlp(options).Fit(train);
        var scored = model.Transform(test);
        return (SparseMlpTestKit.Scores(scored), ml.MulticlassClassification.Evaluate(scored).MicroAccuracy);
    }

    [TestMethod]
    public void TheSameSeedGivesTheSameStreamedModel()
    {
        var ml = new MLContext(1);
        var train = Task(ml, 1200, 1);
        var test = Task(ml, 300, 2);
        var first = FitAndScore(ml, train, test, Options(256));
        var second = FitAndScore(ml, train, test, Options(256));
        var otherSeed = FitAndScore(ml, train, test, Options(256, seed: 6));
        for (int r = 0; r < first.Scores.Length; r++)
            CollectionAssert.AreEqual(first.Scores[r], second.Scores[r], $"row {r}");
        Assert.IsFalse(first.Scores.Zip(otherSeed.Scores).All(p => p.First.SequenceEqual(p.Second)), "another seed should give another model");
    }

    [TestMethod]
    public void StreamedAccuracyIsWithinAFewPointsOfInMemory()
    {
        var ml = new MLContext(1);
        var train = Task(ml, 3000, 3);
        var test = Task(ml, 1000, 4);
        var inMemory = FitAndScore(ml, train, test, Options(null));
        var streamed = FitAndScore(ml, train, test, Options(320));
        Console.WriteLine($"in memory {inMemory.Accuracy:P2}, streamed in blocks of 320 rows {streamed.Accuracy:P2}");
        Assert.IsTrue(inMemory.Accuracy > 0.85, $"in-memory accuracy {inMemory.Accuracy:P2}: the task should be learnable");
        Assert.IsTrue(Math.Abs(inMemory.Accuracy - streamed.Accuracy) < 0.04, $"in memory {inMemory.Accuracy:P2}, streamed {streamed.Accuracy:P2}");
    }

    [TestMethod]
    public void TheBlockReaderNeverHoldsMoreRowsThanTheCapAndReadsEveryRowOncePerEpoch()
    {
        var ml = new MLContext(1);
        const int rows = 1000, cap = 96;
        var data = Task(ml, rows, 7);
        var stats = StreamingStatistics.Collect(data, "Features", "Label", SparsePredictionKind.MulticlassClassification, default);
        Assert.AreEqual(rows, stats.Rows);
        var blocks = new StreamedRowBlocks(data, stats, SparsePredictionKind.MulticlassClassification, cap, seed: 3, standardization: null, (0f, 1f), default);
        Assert.AreEqual(cap, blocks.BufferRows);
        Assert.AreEqual(11, blocks.BlockCount);
        var orders = new List<int[]>();
        for (int epoch = 0; epoch < 3; epoch++)
        {
            var seen = new List<int>();
            foreach (var block in blocks.Blocks(epoch))
            {
                Assert.IsTrue(block.Rows <= cap, $"a block of {block.Rows} rows");
                Assert.IsTrue(block.Features.Length <= cap * Width, "the block buffer is larger than the cap");
                for (int r = 0; r < block.Rows; r++)
                    seen.Add((int)Math.Round(block.Features[r * Width + Width - 1] * rows));
            }
            CollectionAssert.AreEqual(Enumerable.Range(0, rows).ToArray(), seen.OrderBy(i => i).ToArray(), $"epoch {epoch} should read every row once");
            orders.Add(blocks.BlockOrder(epoch));
        }
        Assert.AreEqual(cap, blocks.PeakRowsHeld);
        Assert.AreEqual(3L * rows, blocks.RowsRead);
        Assert.IsFalse(orders[0].SequenceEqual(orders[1]) && orders[1].SequenceEqual(orders[2]), "the block order should change between epochs");
        var again = new StreamedRowBlocks(data, stats, SparsePredictionKind.MulticlassClassification, cap, seed: 3, standardization: null, (0f, 1f), default);
        CollectionAssert.AreEqual(orders[1], again.BlockOrder(1), "the block order should be seeded");
    }

    [TestMethod]
    public void ABlockHoldsWholeBatchesAndTheTrainerReportsIt()
    {
        var ml = new MLContext(1);
        var model = ml.MulticlassClassification.Trainers.SparseMlp(Options(100)).Fit(Task(ml, 500, 8));
        var choices = model.TrainingSummary!.Choices;
        Assert.IsTrue(choices.Any(c => c.Contains("streamed in 6 blocks of up to 96 rows", StringComparison.Ordinal)), string.Join(" | ", choices));
    }

    [TestMethod]
    public void OptionsTheStreamingPathCannotHonourAreRejectedWithTheFix()
    {
        var ml = new MLContext(1);
        var data = Task(ml, 200, 9);
        var encoded = Options(64);
        encoded.FeatureEncoding = FeatureEncoding.PiecewiseLinear;
        var e = Assert.ThrowsExactly<ArgumentException>(() => ml.MulticlassClassification.Trainers.SparseMlp(encoded).Fit(data));
        StringAssert.Contains(e.Message, "FeatureEncoding = PiecewiseLinear");
        StringAssert.Contains(e.Message, "unset StreamingBlockRows");

        var torch = Options(64);
        torch.Engine = SparseTrainingEngine.TorchSharp;
        e = Assert.ThrowsExactly<ArgumentException>(() => ml.MulticlassClassification.Trainers.SparseMlp(torch).Fit(data));
        StringAssert.Contains(e.Message, "Engine = Managed");

        var csti = Options(64);
        csti.Topology.Initialization = TopologyInitialization.Correlated;
        e = Assert.ThrowsExactly<ArgumentException>(() => ml.MulticlassClassification.Trainers.SparseMlp(csti).Fit(data));
        StringAssert.Contains(e.Message, "Correlated");

        var validated = Options(64);
        validated.ValidationSet = Task(ml, 65, 10);
        var tooMany = Assert.ThrowsExactly<InvalidOperationException>(() => ml.MulticlassClassification.Trainers.SparseMlp(validated).Fit(data));
        StringAssert.Contains(tooMany.Message, "more than 64 rows");
        StringAssert.Contains(tooMany.Message, "ValidationSet");

        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.SparseMlp(Options(31)));
    }

    [TestMethod]
    public void AValidationSetWithinTheCapStopsEarly()
    {
        var ml = new MLContext(1);
        var options = Options(128);
        options.ValidationSet = Task(ml, 128, 11);
        options.EarlyStoppingPatience = 2;
        var model = ml.MulticlassClassification.Trainers.SparseMlp(options).Fit(Task(ml, 600, 12));
        var summary = model.TrainingSummary!;
        Assert.IsTrue(summary.Epochs.Count > 0 && summary.Epochs.All(e => e.ValidationLoss is not null), "every epoch should be validated");
    }
}
