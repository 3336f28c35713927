// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static Microsoft.ML.Sparse.Tests.Translation.TranslationTestKit;

namespace Microsoft.ML.Sparse.Tests.Translation;

/// <summary>Bad data, bad options and cancellation give clear errors before any training work.</summary>
[DatasetTestClass]
public sealed class SparseTranslationInputTests
{
    private readonly MLContext _ml = new(seed: 1);

    private static int _torchThreads;

    [ClassInitialize]
    public static void UseOneThread(TestContext _) => _torchThreads = UseOneTorchThread();

    [ClassCleanup]
    public static void RestoreThreads() => RestoreTorchThreads(_torchThreads);

    private SparseTranslationTrainer Trainer(Action<SparseTranslationOptions>? change = null)
    {
        var options = TinyOptions(epochs: 1);
        change?.Invoke(options);
        return _ml.Transforms.Text.SparseTranslation(options);
    }

    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
    public void WrongColumnTypesAndMissingColumnsAreRejected()
    {
        var numeric = _ml.Data.LoadFromEnumerable(new[] { new NumericTarget { Source = "Hello there.", Target = 3 } });
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Trainer().Fit(numeric));
        StringAssert.Contains(ex.Message, "The text column 'Target' must be of type String (Text), but its type is Single.");
        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Trainer(o => o.SourceColumnName = "English").Fit(ToDataView(_ml, TrainPairs(5))));
        StringAssert.Contains(missing.Message, "The text column 'English' was not found. Available columns: 'Source', 'Target'.");
    }

    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
    public void EmptyDataAndEmptyTextsFollowThePolicy()
    {
        var none = Assert.ThrowsExactly<InvalidOperationException>(() => Trainer().Fit(ToDataView(_ml, Array.Empty<Pair>())));
        StringAssert.Contains(none.Message, "The training data has no rows.");

        var blanks = new[] { new Pair { Source = "", Target = "Hallo." }, new Pair { Source = "Hello.", Target = "  " } };
        var allBlank = Assert.ThrowsExactly<InvalidOperationException>(() => Trainer().Fit(ToDataView(_ml, blanks)));
        StringAssert.Contains(allBlank.Message, "All 2 rows of the training data have an empty source or target text");

        var mixed = TrainPairs(30).Concat(blanks).ToList();
        var strict = Assert.ThrowsExactly<InvalidOperationException>(() => Trainer(o => o.SkipEmptyPairs = false).Fit(ToDataView(_ml, mixed)));
        StringAssert.Contains(strict.Message, "Row 30 of the training data has an empty source ('Source') text");

        var validation = Assert.ThrowsExactly<InvalidOperationException>(() =>
            Trainer(o => o.ValidationSet = ToDataView(_ml, Array.Empty<Pair>())).Fit(ToDataView(_ml, TrainPairs(30))));
        StringAssert.Contains(validation.Message, "The validation set has no rows.");

        var skipped = new List<string>();
        var ml = new MLContext(1);
        ml.Log += (_, e) => { if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Warning) skipped.Add(e.Message); };
        var options = TinyOptions(epochs: 1);
        options.MaxOutputTokens = 4;
        ml.Transforms.Text.SparseTranslation(options).Fit(ToDataView(ml, mixed));
        Assert.IsTrue(skipped.Any(m => m.Contains("skipped 2 training row(s) with an empty source or target text")), string.Join("; ", skipped));
    }

    [TestMethod]
    public void InvalidOptionsAreRejectedWhenTheTrainerIsCreated()
    {
        void Rejects<T>(Action<SparseTranslationOptions> change, string text) where T : Exception
        {
            var ex = Assert.Throws<T>(() => Trainer(change));
            StringAssert.Contains(ex.Message, text);
        }
        Rejects<ArgumentException>(o => o.ShareVocabulary = false, "ShareEmbeddings needs ShareVocabulary");
        Rejects<ArgumentOutOfRangeException>(o => o.DecoderLayers = 0, "DecoderLayers must be at least 1");
        Rejects<ArgumentOutOfRangeException>(o => o.BeamSize = 0, "BeamSize must be at least 1");
        Rejects<ArgumentOutOfRangeException>(o => o.LengthPenalty = double.NaN, "LengthPenalty");
        Rejects<ArgumentOutOfRangeException>(o => o.MaxOutputTokens = 32, "MaxOutputTokens must be in [1, MaxTokens − 1 = 31]");
        Rejects<ArgumentOutOfRangeException>(o => o.Decoding = (TranslationDecodingStrategy)7, "Unknown decoding strategy");
        Rejects<ArgumentException>(o => o.TargetColumnName = "Source", "must be different columns");
        Rejects<ArgumentException>(o => o.OutputColumnName = " ", "OutputColumnName must name a column");
        Rejects<ArgumentOutOfRangeException>(o => o.Topology.Density = 0, "Density");
        Rejects<ArgumentOutOfRangeException>(o => o.ModelDim = 33, "ModelDim must be a positive multiple of Heads (2)");
        var options = TinyOptions();
        var trainer = _ml.Transforms.Text.SparseTranslation(options);
        options.DecoderLayers = 0;
        Assert.AreEqual(1, trainer.Options.DecoderLayers, "the trainer keeps a copy of the options");
    }

    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
    public void CancellationStopsTraining()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();
        Assert.ThrowsExactly<OperationCanceledException>(() => Trainer(o => o.CancellationToken = source.Token).Fit(ToDataView(_ml, TrainPairs(30))));
        using var later = new CancellationTokenSource();
        var trainer = Trainer(o =>
        {
            o.NumberOfEpochs = 50;
            o.CancellationToken = later.Token;
            o.ProgressInterval = 1;
            o.Progress = new CancelAfter(later, batches: 3);
        });
        Assert.ThrowsExactly<OperationCanceledException>(() => trainer.Fit(ToDataView(_ml, TrainPairs(60))));
    }

    [TestMethod]
    public void SimpleCatalogOverloadSetsColumnsDensityAndMethod()
    {
        var trainer = _ml.Transforms.Text.SparseTranslation("En", "De", "Out", density: 0.7, method: SparseTrainingMethod.Chtss, numberOfEpochs: 3, seed: 5);
        Assert.AreEqual("En", trainer.Options.SourceColumnName);
        Assert.AreEqual("De", trainer.Options.TargetColumnName);
        Assert.AreEqual("Out", trainer.Options.OutputColumnName);
        Assert.AreEqual(0.7, trainer.Options.Topology.Density);
        Assert.AreEqual(0.7, trainer.Options.Topology.InitialDensity, "CHTss cannot start below its final density");
        Assert.AreEqual(3, trainer.Options.NumberOfEpochs);
        Assert.AreEqual(5, trainer.Options.Seed);
        var defaults = new SparseTranslationOptions();
        Assert.IsFalse(defaults.LowerCase, "translations keep their case");
        Assert.AreEqual(SparseTrainingMethod.Chtss, defaults.Topology.Method);
        Assert.AreEqual(LearningRateSchedule.IterativeNoam, defaults.LearningRateSchedule);
    }

    private sealed class CancelAfter(CancellationTokenSource source, int batches) : IProgress<SparseTrainingProgress>
    {
        public void Report(SparseTrainingProgress value)
        {
            if (value.Kind == TrainingProgressKind.Batch && value.Step >= batches)
                source.Cancel();
        }
    }

    private sealed class NumericTarget
    {
        public string Source { get; set; } = "";

        public float Target { get; set; }
    }
}
