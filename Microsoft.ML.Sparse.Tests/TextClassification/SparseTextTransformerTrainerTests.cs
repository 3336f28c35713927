// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Persistence;
using Microsoft.ML.Sparse.Tests.Persistence;
using Microsoft.ML.Sparse.TextClassification;
using static Microsoft.ML.Sparse.Tests.Engine.Networks.Transformer.TransformerTestKit;
using static Microsoft.ML.Sparse.Tests.TextClassification.TextTrainerTestKit;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Torch;

namespace Microsoft.ML.Sparse.Tests.TextClassification;

/// <summary>
/// One CHTss text classifier trained once on a real SpamAssassin slice (300 e-mails, 10% density) and checked for what
/// an ML.NET user relies on: it learns (loss falls, held-out accuracy floor), the sparse layers keep their exact
/// density with zero masked weights, Save/Load in a fresh MLContext scores bit-identically with our own types,
/// PredictionEngines (also concurrent ones) agree with Transform, and corrupt scorer data is rejected.
/// </summary>
[DatasetTestClass]
[TestCategory(TestLanes.Dataset)]
public sealed class SparseTextTransformerTrainerTests
{
    private static MLContext _ml = null!;
    private static IDataView _train = null!;
    private static IDataView _test = null!;
    private static List<Email> _testRows = null!;
    private static SparseMulticlassPredictionTransformer _model = null!;
    private static SparseTrainingSummary _summary = null!;
    private static ProgressLog _progress = null!;
    private static IDisposable? _threads;

    [ClassInitialize]
    public static void TrainOnce(TestContext _)
    {
        _threads = OneTorchThread();
        _ml = new MLContext(seed: 1);
        var (trainRows, testRows) = Slice(trainPerClass: 150, testPerClass: 100);
        _testRows = testRows;
        var rawTrain = _ml.Data.LoadFromEnumerable(trainRows);
        var keys = _ml.Transforms.Conversion.MapValueToKey("Label").Fit(rawTrain);
        _train = keys.Transform(rawTrain);
        _test = keys.Transform(_ml.Data.LoadFromEnumerable(testRows));
        var options = TinyOptions(SparseTrainingMethod.Chtss, epochs: 4);
        options.ValidationSet = _test;
        _progress = new ProgressLog();
        options.Progress = _progress;
        var trainer = _ml.MulticlassClassification.Trainers.SparseTextTransformer(options);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        _model = trainer.Fit(_train);
        _summary = _model.TrainingSummary!;
        Console.WriteLine($"trained in {watch.Elapsed.TotalSeconds:F1} s: {_summary.Steps} steps, {_summary.TopologyRounds.Count} rounds; {_model.Model}");
    }

    [ClassCleanup]
    public static void RestoreThreads() => _threads?.Dispose();

    private static TextTransformerScorer Scorer(SparseMulticlassPredictionTransformer model) => Assert.IsInstanceOfType<TextTransformerScorer>(model.Scorer);

    [TestMethod]
    public void LearnsTheSliceAndReachesAnAccuracyFloorOnHeldOutEmails()
    {
        var losses = _summary.Epochs.Select(e => e.TrainingLoss).ToArray();
        Console.WriteLine($"training loss per epoch: {string.Join(" → ", losses.Select(l => l.ToString("F4")))}");
        Assert.HasCount(4, losses);
        Assert.IsLessThan(0.7 * losses[0], losses[^1], "the training loss must fall clearly");

        var metrics = _ml.MulticlassClassification.Evaluate(_model.Transform(_test));
        Console.WriteLine($"held-out accuracy {metrics.MicroAccuracy:P2}, macro {metrics.MacroAccuracy:P2}, log-loss {metrics.LogLoss:F4}");
        // Balanced classes: always predicting one class scores 50%.
        Assert.IsGreaterThan(0.85, metrics.MicroAccuracy);
        Assert.IsLessThan(0.6, metrics.LogLoss);

        // Validation metrics every epoch, equal to what ML.NET's evaluator measures on the final model.
        Assert.IsTrue(_summary.Epochs.All(e => e.ValidationLoss is not null && e.ValidationAccuracy is not null));
        Assert.AreEqual(metrics.MicroAccuracy, _summary.Epochs[^1].ValidationAccuracy!.Value, 1e-9);
        Assert.AreEqual(metrics.LogLoss, _summary.Epochs[^1].ValidationLoss!.Value, 1e-4);
    }

    [TestMethod]
    public void ReportsProgressForBatchesEpochsRoundsAndCompletion()
    {
        var kinds = _progress.Reports.Select(r => r.Kind).ToHashSet();
        CollectionAssert.IsSubsetOf(new[] { TrainingProgressKind.Batch, TrainingProgressKind.Epoch, TrainingProgressKind.TopologyRound, TrainingProgressKind.Completed }, kinds.ToArray());
        Assert.AreEqual(_summary.Steps, _progress.Reports.Count(r => r.Kind == TrainingProgressKind.Batch));
        Assert.AreEqual(TrainingProgressKind.Completed, _progress.Reports[^1].Kind);
        Assert.AreEqual(1.0, _progress.Reports[^1].Fraction);
        // CHTss: the target density decays from 50% to 10%.
        var densities = _progress.Reports.Where(r => r.Kind == TrainingProgressKind.Batch).Select(r => r.Density).ToArray();
        Assert.AreEqual(0.5, densities[0], 1e-9);
        Assert.AreEqual(0.1, densities[^1], 1e-9);
        Assert.IsTrue(densities.Zip(densities.Skip(1)).All(p => p.Second <= p.First), "density never rises");
        Assert.AreEqual(_summary.TopologyRounds.Count, _progress.Reports.Count(r => r.Kind == TrainingProgressKind.TopologyRound));
        Assert.IsGreaterThan(0, _summary.TopologyRounds.Count);
    }

    [TestMethod]
    public void EverySparseLayerHasExactlyTheTargetDensityAndZeroMaskedWeights()
    {
        var scorer = Scorer(_model);
        var layers = scorer.Model.SparseLinears;
        Assert.HasCount(6, layers); // q, k, v, o, w1, w2 of the one encoder layer
        foreach (var layer in layers)
        {
            Assert.AreEqual(TargetLinkCount.For(layer.OutFeatures, layer.InFeatures, 0.1), layer.ActiveLinks, layer.GetName());
            Assert.IsTrue(MaskedWeightsAreZero(layer), layer.GetName());
        }
        var info = _model.Model;
        Assert.HasCount(6, info.Layers);
        Assert.AreEqual(0.1, info.Density, 1e-3);
        Assert.IsTrue(info.Layers.All(l => l.IsStoredSparse));
        CollectionAssert.AreEqual(layers.Select(l => l.ActiveLinks).ToArray(), info.Layers.Select(l => l.ActiveLinks).ToArray());
        Assert.AreEqual(32 + 64, info.HiddenNeurons); // the value→output (32) and w1→w2 (64) units of the one layer
        Assert.IsLessThanOrEqualTo(info.HiddenNeurons, info.ActiveHiddenNeurons);
        Assert.AreEqual(64, info.InputSize);
        Assert.AreEqual(2, info.OutputSize);
        StringAssert.Contains(info.Architecture, "d_model 32");
    }

    [TestMethod]
    public void SaveAndLoadInAFreshContextScoresBitIdenticallyWithOurOwnTypes()
    {
        var zip = ZipRoundTrip.Save(_ml, _model, _train.Schema);
        var loaded = ZipRoundTrip.Single<SparseMulticlassPredictionTransformer>(ZipRoundTrip.Load(zip, out var schema));
        var loadedScorer = Scorer(loaded);
        Assert.AreEqual(TextDataViewType.Instance, loaded.FeatureColumnType);
        Assert.AreEqual("Text", loaded.FeatureColumnName);
        CollectionAssert.AreEqual(_model.ClassNames.ToArray(), loaded.ClassNames.ToArray());
        CollectionAssert.AreEqual(new[] { "ham", "spam" }, loaded.ClassNames.ToArray());
        Assert.AreEqual(_model.Model.ToString(), loaded.Model.ToString());
        Assert.AreEqual(Scorer(_model).Architecture, loadedScorer.Architecture);
        Assert.AreEqual(TextDataViewType.Instance, schema["Text"].Type);

        var expected = Scores(_model.Transform(_test));
        var actual = Scores(loaded.Transform(_test));
        Assert.HasCount(expected.Length, actual);
        for (int i = 0; i < expected.Length; i++)
            CollectionAssert.AreEqual(expected[i], actual[i], $"row {i}");
        CollectionAssert.AreEqual(_model.Transform(_test).GetColumn<uint>("PredictedLabel").ToArray(), loaded.Transform(_test).GetColumn<uint>("PredictedLabel").ToArray());

        // Saving the loaded model again gives the same bytes for the network.
        using var first = new MemoryStream();
        using (var w = new BinaryWriter(first, System.Text.Encoding.UTF8, leaveOpen: true))
            SparseScorerRegistry.Save(w, Scorer(_model));
        using var second = new MemoryStream();
        using (var w = new BinaryWriter(second, System.Text.Encoding.UTF8, leaveOpen: true))
            SparseScorerRegistry.Save(w, loadedScorer);
        CollectionAssert.AreEqual(first.ToArray(), second.ToArray());
    }

    [TestMethod]
    public void PredictionEnginesAgreeWithTransformAlsoWhenUsedConcurrently()
    {
        var expected = Scores(_model.Transform(_test));
        var engine = _ml.Model.CreatePredictionEngine<Email, Prediction>(_model);
        for (int i = 0; i < 20; i++)
        {
            var p = engine.Predict(_testRows[i]);
            CollectionAssert.AreEqual(expected[i], p.Score, $"row {i}");
            Assert.AreEqual((uint)(Array.IndexOf(p.Score, p.Score.Max()) + 1), p.PredictedLabel);
        }

        const int threads = 4, rows = 40;
        var results = new float[threads][][];
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var own = _ml.Model.CreatePredictionEngine<Email, Prediction>(_model);
            results[t] = Enumerable.Range(0, rows).Select(i => own.Predict(_testRows[(i * 7 + t) % rows]).Score).ToArray();
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        for (int t = 0; t < threads; t++)
            for (int i = 0; i < rows; i++)
                CollectionAssert.AreEqual(expected[(i * 7 + t) % rows], results[t][i], $"thread {t}, row {i}");
    }

    [TestMethod]
    public void CorruptScorerBytesAreInvalidData()
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            SparseScorerRegistry.Save(w, Scorer(_model));
        byte[] bytes = stream.ToArray();
        Assert.AreEqual((byte)2, bytes[0], "kind byte of the text Transformer scorer");

        foreach (int length in new[] { 1, 5, 30, bytes.Length / 2, bytes.Length - 1 })
        {
            using var reader = new BinaryReader(new MemoryStream(bytes[..length]));
            var ex = Assert.ThrowsExactly<InvalidDataException>(() => SparseScorerRegistry.Load(reader), $"length {length}");
            StringAssert.Contains(ex.Message, "corrupt or truncated");
        }
        foreach (int position in new[] { 3, 40, bytes.Length / 3, bytes.Length / 2, bytes.Length - 10 })
        {
            var flipped = bytes.ToArray();
            flipped[position] ^= 0x20;
            using var reader = new BinaryReader(new MemoryStream(flipped));
            Assert.ThrowsExactly<InvalidDataException>(() => SparseScorerRegistry.Load(reader), $"flipped byte {position}");
        }
        using (var intact = new BinaryReader(new MemoryStream(bytes)))
            Assert.IsInstanceOfType<TextTransformerScorer>(SparseScorerRegistry.Load(intact));
    }

    [TestMethod]
    public void CorruptScorerEntryInTheZipFailsModelLoadWithInvalidData()
    {
        var zip = ZipRoundTrip.Save(_ml, _model, _train.Schema);
        var damaged = new MemoryStream();
        damaged.Write(zip);
        using (var archive = new System.IO.Compression.ZipArchive(damaged, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = archive.Entries.Single(e => e.FullName.EndsWith("Scorer.bin", StringComparison.Ordinal));
            var content = new MemoryStream();
            using (var s = entry.Open())
                s.CopyTo(content);
            string name = entry.FullName;
            entry.Delete();
            byte[] bytes = content.ToArray();
            bytes[bytes.Length / 2] ^= 0x10;
            using var replaced = archive.CreateEntry(name).Open();
            replaced.Write(bytes);
        }
        var ex = Assert.ThrowsExactly<System.Reflection.TargetInvocationException>(() => ZipRoundTrip.Load(damaged.ToArray(), out _));
        var inner = Assert.IsInstanceOfType<InvalidDataException>(ex.InnerException);
        StringAssert.Contains(inner.Message, "The text Transformer model is corrupt or truncated: checksum mismatch");
    }
}
