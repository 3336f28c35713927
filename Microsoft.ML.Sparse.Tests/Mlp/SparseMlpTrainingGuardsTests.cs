// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using static Microsoft.ML.Sparse.Tests.Mlp.SparseMlpTestKit;

namespace Microsoft.ML.Sparse.Tests.Mlp;

/// <summary>Silent surprises the MLP trainers now report: one-class binary labels, near-empty sparse layers, parallel trainings.</summary>
[DatasetTestClass]
public sealed class SparseMlpTrainingGuardsTests
{
    private sealed class BinaryRow
    {
        [VectorType(4)]
        public float[] Features { get; set; } = new float[4];

        public bool Label { get; set; }
    }

    [TestMethod]
    public void BinaryLabelWithOneClassFailsWithTheCause()
    {
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(0, 50).Select(i => new BinaryRow { Features = new[] { i, 1f, 2f, 3f }, Label = false });
        var trainer = ml.BinaryClassification.Trainers.SparseMlp(new SparseMlpOptions { NumberOfEpochs = 1, Seed = 1 });
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => trainer.Fit(ml.Data.LoadFromEnumerable(rows)));
        StringAssert.Contains(error.Message, "'Label' is false in all 50 training rows");
        StringAssert.Contains(error.Message, "both classes");
    }

    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
    public void DensityThatLeavesNeuronsWithoutLinksIsWarnedAbout()
    {
        var ml = new MLContext(seed: 1);
        var messages = new List<string>();
        ml.Log += (_, e) => { if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Warning) lock (messages) messages.Add(e.Message); };
        var (train, _) = DigitsSplit(ml);
        var options = FastOptions(epochs: 1);
        options.Topology.Density = 0.005;   // 64x64 layers: 20 links for 64 neurons
        ml.MulticlassClassification.Trainers.SparseMlp(options).Fit(train);
        Assert.IsTrue(messages.Any(m => m.Contains("leaves layer 1 (64x64) with 20 links for 64 neurons")), string.Join("\n", messages));

        messages.Clear();
        ml.MulticlassClassification.Trainers.SparseMlp(FastOptions(epochs: 1)).Fit(train);
        Assert.IsFalse(messages.Any(m => m.Contains("links for")), "20% density gives every neuron links: no warning");
    }

    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
    public void ParallelManagedTrainingsGiveTheSequentialResults()
    {
        var (train, test) = DigitsSplit(new MLContext(seed: 1));
        float[][] Run(int seed) => Scores(new MLContext(seed: 3).MulticlassClassification.Trainers.SparseMlp(FastOptions(SparseTrainingMethod.Chts, epochs: 2, seed: seed))
            .Fit(train).Transform(test));
        var sequential = new[] { Run(4), Run(5) };
        var parallel = new float[2][][];
        Parallel.For(0, 2, i => parallel[i] = Run(4 + i));
        for (int m = 0; m < 2; m++)
            for (int r = 0; r < sequential[m].Length; r++)
                CollectionAssert.AreEqual(sequential[m][r], parallel[m][r], $"model {m}, row {r}");
    }
}
