// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Sparse.TextClassification;
using static Microsoft.ML.Sparse.Tests.Engine.Networks.Transformer.TransformerTestKit;
using static Microsoft.ML.Sparse.Tests.TextClassification.TextTrainerTestKit;
using Microsoft.ML.Sparse.Engine.Core;

namespace Microsoft.ML.Sparse.Tests.TextClassification;

/// <summary>
/// The text trainer's contract beyond accuracy: every topology method trains through the same path with exact
/// densities, a fixed seed gives bit-identical models, bad inputs fail with clear messages before any training,
/// cancellation stops Fit, and the catalog overloads pass their arguments through. Each training here is tiny
/// (80-120 real e-mails, one or two epochs).
/// </summary>
[DatasetTestClass]
public sealed class SparseTextTransformerBehaviourTests
{
    private static IDisposable? _threads;

    [ClassInitialize]
    public static void UseOneTorchThread(TestContext _) => _threads = OneTorchThread();

    [ClassCleanup]
    public static void RestoreThreads() => _threads?.Dispose();

    private sealed class NumericRow
    {
        public float Text { get; set; }

        public string Label { get; set; } = "";
    }

    private sealed class LabelOnly
    {
        public string Label { get; set; } = "";
    }

    private static IDataView Keyed(MLContext ml, IEnumerable<Email> rows)
    {
        var raw = ml.Data.LoadFromEnumerable(rows);
        return ml.Transforms.Conversion.MapValueToKey("Label").Fit(raw).Transform(raw);
    }

    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
    [DataRow(SparseTrainingMethod.Chts)]
    [DataRow(SparseTrainingMethod.Chtss)]
    [DataRow(SparseTrainingMethod.Set)]
    [DataRow(SparseTrainingMethod.RigL)]
    [DataRow(SparseTrainingMethod.Static)]
    [DataRow(SparseTrainingMethod.Dense)]
    public void EveryMethodTrainsWithExactDensities(SparseTrainingMethod method)
    {
        var ml = new MLContext(1);
        var data = Keyed(ml, Slice(trainPerClass: 40, testPerClass: 0).Train);
        var options = TinyOptions(method, epochs: 1);
        options.Topology.UpdateInterval = 2; // 5 steps, T_end 3.75: a round after step 2
        var trainer = ml.MulticlassClassification.Trainers.SparseTextTransformer(options);
        var model = trainer.Fit(data);

        var summary = model.TrainingSummary!;
        Assert.AreEqual(5L, summary.Steps);
        bool evolves = method is not (SparseTrainingMethod.Static or SparseTrainingMethod.Dense);
        Assert.AreEqual(evolves ? 1 : 0, summary.TopologyRounds.Count);
        double density = method == SparseTrainingMethod.Dense ? 1.0 : 0.1;
        var scorer = Assert.IsInstanceOfType<TextTransformerScorer>(model.Scorer);
        foreach (var layer in scorer.Model.SparseLinears)
        {
            Assert.AreEqual(TargetLinkCount.For(layer.OutFeatures, layer.InFeatures, density), layer.ActiveLinks, layer.GetName());
            Assert.IsTrue(MaskedWeightsAreZero(layer), layer.GetName());
        }
        Assert.AreEqual(density, model.Model.Density, 1e-3);
        Assert.AreEqual(method != SparseTrainingMethod.Dense, model.Model.Layers.All(l => l.IsStoredSparse));
        Assert.IsTrue(Scores(model.Transform(data)).All(s => s.All(float.IsFinite)));
    }

    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
    public void FixedSeedGivesBitIdenticalModelsAndAnotherSeedDoesNot()
    {
        var rows = Slice(trainPerClass: 40, testPerClass: 10);
        float[][] Train(int? optionSeed, int contextSeed)
        {
            var ml = new MLContext(contextSeed);
            var raw = ml.Data.LoadFromEnumerable(rows.Train);
            var keys = ml.Transforms.Conversion.MapValueToKey("Label").Fit(raw);
            var options = TinyOptions(SparseTrainingMethod.Chts, epochs: 1);
            options.Topology.UpdateInterval = 2;
            options.Seed = optionSeed;
            var model = ml.MulticlassClassification.Trainers.SparseTextTransformer(options).Fit(keys.Transform(raw));
            return Scores(model.Transform(keys.Transform(ml.Data.LoadFromEnumerable(rows.Test))));
        }

        var first = Train(11, 1);
        var second = Train(11, 2); // the options' seed wins over the context's
        var other = Train(12, 1);
        var fromContext = Train(null, 11);
        for (int i = 0; i < first.Length; i++)
        {
            CollectionAssert.AreEqual(first[i], second[i], $"row {i}");
            CollectionAssert.AreEqual(first[i], fromContext[i], $"row {i}: Seed = null uses the MLContext's seed");
        }
        Assert.IsTrue(first.Zip(other).Any(p => !p.First.SequenceEqual(p.Second)), "a different seed must give a different model");
    }

    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
    public void EarlyStoppingKeepsTheEpochWithTheLowestValidationLoss()
    {
        var ml = new MLContext(1);
        var (trainRows, testRows) = Slice(trainPerClass: 40, testPerClass: 20);
        var raw = ml.Data.LoadFromEnumerable(trainRows);
        var keys = ml.Transforms.Conversion.MapValueToKey("Label").Fit(raw);
        var validation = keys.Transform(ml.Data.LoadFromEnumerable(testRows));
        var options = TinyOptions(SparseTrainingMethod.Chts, epochs: 6);
        options.LearningRate = 2e-2; // high enough that the validation loss stops improving within a few epochs
        options.ValidationSet = validation;
        options.EarlyStoppingPatience = 1;
        var trainer = ml.MulticlassClassification.Trainers.SparseTextTransformer(options);
        var model = trainer.Fit(keys.Transform(raw));

        var summary = model.TrainingSummary!;
        var losses = summary.Epochs.Select(e => e.ValidationLoss!.Value).ToArray();
        Console.WriteLine($"validation loss per epoch: {string.Join(" → ", losses.Select(l => l.ToString("F4")))}; kept epoch {summary.KeptEpoch}, stopped early: {summary.StoppedEarly}");
        int best = Array.IndexOf(losses, losses.Min()) + 1;
        Assert.AreEqual(best, summary.KeptEpoch);
        Assert.AreNotEqual(summary.Epochs.Count, summary.KeptEpoch, "with this seed the last epoch is worse, so the best epoch's weights are restored");
        if (summary.StoppedEarly)
            Assert.AreEqual(summary.KeptEpoch + 1, summary.Epochs.Count, "patience 1 stops one epoch after the best");
        // The returned model is the kept epoch's: its log-loss on the validation set is that epoch's validation loss.
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(validation));
        Assert.AreEqual(losses[best - 1], metrics.LogLoss, 1e-4);
    }

    [TestMethod]
    public void NumericTextColumnIsRejectedWithAClearMessage()
    {
        var ml = new MLContext(1);
        var raw = ml.Data.LoadFromEnumerable(new[] { new NumericRow { Text = 1, Label = "a" }, new NumericRow { Text = 2, Label = "b" } });
        var data = ml.Transforms.Conversion.MapValueToKey("Label").Fit(raw).Transform(raw);
        var trainer = ml.MulticlassClassification.Trainers.SparseTextTransformer(TinyOptions());
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => trainer.Fit(data));
        StringAssert.Contains(ex.Message, "The text column 'Text' must be of type String (Text), but its type is Single.");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => trainer.GetOutputSchema(Microsoft.ML.Sparse.Persistence.SchemaShapeHelper.FromSchema(data.Schema)));
    }

    [TestMethod]
    public void NonKeyLabelMissingColumnsAndMissingLabelsAreRejected()
    {
        var ml = new MLContext(1);
        var rows = new[] { new Email { Text = "cheap pills now", Label = "spam" }, new Email { Text = "meeting at noon", Label = "ham" } };
        var raw = ml.Data.LoadFromEnumerable(rows);
        var trainer = ml.MulticlassClassification.Trainers.SparseTextTransformer(TinyOptions());

        var label = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => trainer.Fit(raw));
        StringAssert.Contains(label.Message, "must be a key type for multiclass classification, but its type is String. Use mlContext.Transforms.Conversion.MapValueToKey(\"Label\")");

        var options = TinyOptions();
        options.TextColumnName = "Body";
        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.SparseTextTransformer(options).Fit(raw));
        StringAssert.Contains(missing.Message, "The text column 'Body' was not found. Available columns: 'Text', 'Label'.");

        // A key built from other classes leaves "ham" unmapped (key 0 = missing).
        var keyData = ml.Data.LoadFromEnumerable(new[] { new LabelOnly { Label = "spam" }, new LabelOnly { Label = "other" } });
        var keyed = ml.Transforms.Conversion.MapValueToKey("Label", keyData: keyData).Fit(raw).Transform(raw);
        var unknown = Assert.ThrowsExactly<InvalidOperationException>(() => trainer.Fit(keyed));
        StringAssert.Contains(unknown.Message, "Row 1 has a missing label in key column 'Label'");
    }

    [TestMethod]
    public void EmptyDataAndMismatchedValidationSetAreRejected()
    {
        var ml = new MLContext(1);
        var rows = new[] { new Email { Text = "cheap pills now", Label = "spam" }, new Email { Text = "meeting at noon", Label = "ham" } };
        var raw = ml.Data.LoadFromEnumerable(rows);
        var keys = ml.Transforms.Conversion.MapValueToKey("Label").Fit(raw);
        var empty = keys.Transform(ml.Data.LoadFromEnumerable(Array.Empty<Email>()));
        var trainer = ml.MulticlassClassification.Trainers.SparseTextTransformer(TinyOptions());
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => trainer.Fit(empty)).Message, "The training data has no rows.");

        var threeClasses = Keyed(ml, rows.Append(new Email { Text = "hello", Label = "other" }));
        var options = TinyOptions();
        options.ValidationSet = threeClasses;
        var ex = Assert.ThrowsExactly<ArgumentException>(() => ml.MulticlassClassification.Trainers.SparseTextTransformer(options).Fit(keys.Transform(raw)));
        StringAssert.Contains(ex.Message, "The validation label has 3 classes, the training label 2");
    }

    [TestMethod]
    public void InvalidOptionsAreRejectedWhenTheTrainerIsCreated()
    {
        var ml = new MLContext(1);
        var trainers = ml.MulticlassClassification.Trainers;
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => trainers.SparseTextTransformer(density: 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => trainers.SparseTextTransformer(numberOfEpochs: 0));
        var badDim = TinyOptions();
        badDim.ModelDim = 33;
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => trainers.SparseTextTransformer(badDim)).Message, "ModelDim must be a positive multiple of Heads (2)");
        var noText = TinyOptions();
        noText.TextColumnName = " ";
        Assert.ThrowsExactly<ArgumentException>(() => trainers.SparseTextTransformer(noText));
        Assert.ThrowsExactly<ArgumentNullException>(() => trainers.SparseTextTransformer((SparseTextTransformerOptions)null!));
    }

    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
    public void CancellationStopsFitBeforeAndDuringTraining()
    {
        var ml = new MLContext(1);
        var data = Keyed(ml, Slice(trainPerClass: 40, testPerClass: 0).Train);

        var cancelled = TinyOptions();
        cancelled.CancellationToken = new CancellationToken(canceled: true);
        Assert.ThrowsExactly<OperationCanceledException>(() => ml.MulticlassClassification.Trainers.SparseTextTransformer(cancelled).Fit(data));

        using var source = new CancellationTokenSource();
        var options = TinyOptions(epochs: 3);
        options.CancellationToken = source.Token;
        var log = new ProgressLog(p =>
        {
            if (p.Kind == TrainingProgressKind.Batch && p.Step == 2)
                source.Cancel();
        });
        options.Progress = log;
        var trainer = ml.MulticlassClassification.Trainers.SparseTextTransformer(options);
        Assert.ThrowsExactly<OperationCanceledException>(() => trainer.Fit(data));
        Assert.AreEqual(2L, log.Reports.Where(r => r.Kind == TrainingProgressKind.Batch).Max(r => r.Step), "training stops at the next batch");
    }

    [TestMethod]
    public void SimpleCatalogOverloadPassesItsArguments()
    {
        var ml = new MLContext(1);
        var trainer = ml.MulticlassClassification.Trainers.SparseTextTransformer("Class", "Body", density: 0.05, method: SparseTrainingMethod.Chts, numberOfEpochs: 7, seed: 9);
        var o = trainer.Options;
        Assert.AreEqual("Class", o.LabelColumnName);
        Assert.AreEqual("Body", o.TextColumnName);
        Assert.AreEqual(0.05, o.Topology.Density);
        Assert.AreEqual(SparseTrainingMethod.Chts, o.Topology.Method);
        Assert.AreEqual(7, o.NumberOfEpochs);
        Assert.AreEqual(9, o.Seed);
        // The Transformer defaults of the base options.
        Assert.AreEqual(SparseOptimizer.Adam, o.Optimizer);
        Assert.AreEqual(LearningRateSchedule.IterativeNoam, o.LearningRateSchedule);
        Assert.AreEqual(UpdateIntervalUnit.Steps, o.Topology.UpdateIntervalUnit);

        var defaults = ml.MulticlassClassification.Trainers.SparseTextTransformer().Options;
        Assert.AreEqual(SparseTrainingMethod.Chtss, defaults.Topology.Method);
        Assert.AreEqual(0.1, defaults.Topology.Density);
        Assert.AreEqual("Text", defaults.TextColumnName);

        // The options are copied: later changes do not reach the trainer.
        var options = TinyOptions();
        var fromOptions = ml.MulticlassClassification.Trainers.SparseTextTransformer(options);
        options.Topology.Density = 0.5;
        options.ModelDim = 64;
        Assert.AreEqual(0.1, fromOptions.Options.Topology.Density);
        Assert.AreEqual(32, fromOptions.Options.ModelDim);
    }

    [TestMethod]
    public void OutputSchemaHasScoreAndPredictedLabel()
    {
        var ml = new MLContext(1);
        var data = Keyed(ml, new[] { new Email { Text = "a", Label = "x" }, new Email { Text = "b", Label = "y" } });
        var shape = ml.MulticlassClassification.Trainers.SparseTextTransformer(TinyOptions()).GetOutputSchema(Microsoft.ML.Sparse.Persistence.SchemaShapeHelper.FromSchema(data.Schema));
        var columns = shape.ToDictionary(c => c.Name);
        Assert.AreEqual(SchemaShape.Column.VectorKind.Vector, columns["Score"].Kind);
        Assert.AreEqual(NumberDataViewType.Single, columns["Score"].ItemType);
        Assert.IsTrue(columns["PredictedLabel"].IsKey);
        Assert.IsTrue(columns.ContainsKey("Text"));
    }
}
