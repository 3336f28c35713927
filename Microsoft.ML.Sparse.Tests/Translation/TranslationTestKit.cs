// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Samples.Datasets;
using TorchSharp;
using Microsoft.ML.Sparse.Engine.Torch.Runtime;

namespace Microsoft.ML.Sparse.Tests.Translation;

/// <summary>Small slices of the Ding EN-DE pairs and tiny translator options shared by the translation tests.</summary>
internal static class TranslationTestKit
{
    public sealed class Pair
    {
        public string Source { get; set; } = "";

        public string Target { get; set; } = "";
    }

    public sealed class Prediction
    {
        public string PredictedTarget { get; set; } = "";
    }

    /// <summary>
    /// Sets libtorch to one intra-op thread and returns the previous count (restore it with
    /// <see cref="RestoreTorchThreads"/> in ClassCleanup). These models are tiny: on the loaded 2-core test machine two
    /// spinning intra-op threads made 10 training steps take 6 s instead of 0.2 s with one.
    /// </summary>
    public static int UseOneTorchThread()
    {
        TorchRuntime.EnsureLoaded();
        int previous = torch.get_num_threads();
        torch.set_num_threads(1);
        return previous;
    }

    /// <summary>Restores the thread count returned by <see cref="UseOneTorchThread"/>.</summary>
    public static void RestoreTorchThreads(int previous) => torch.set_num_threads(previous);

    private static readonly Lazy<TranslationSplit> Split = new(() => DingSentencePairs.ReadSplit(seed: 1));

    /// <summary>The first <paramref name="count"/> training pairs of the seeded Ding split.</summary>
    public static List<Pair> TrainPairs(int count) => Split.Value.Train.Take(count).Select(p => new Pair { Source = p.Source, Target = p.Target }).ToList();

    /// <summary>The first <paramref name="count"/> validation pairs of the seeded Ding split.</summary>
    public static List<Pair> ValidationPairs(int count) => Split.Value.Validation.Take(count).Select(p => new Pair { Source = p.Source, Target = p.Target }).ToList();

    /// <summary>A translator of a few thousand weights that trains in a second or two on 200 pairs.</summary>
    public static SparseTranslationOptions TinyOptions(SparseTrainingMethod method = SparseTrainingMethod.Chtss, int epochs = 8, int seed = 3) => new()
    {
        ModelDim = 32,
        Heads = 2,
        FeedForwardDim = 64,
        EncoderLayers = 1,
        DecoderLayers = 1,
        VocabularySize = 600,
        MaxTokens = 32,
        Dropout = 0,
        AttentionDropout = 0,
        BatchSize = 20,
        NumberOfEpochs = epochs,
        LearningRate = 0.15,
        WarmupSteps = 10,
        WarmRestartSteps = 5,
        Seed = seed,
        Topology = new SparseTopologyOptions
        {
            Method = method,
            Density = 0.1,
            InitialDensity = 0.5,
            UpdateInterval = 10,
            UpdateIntervalUnit = UpdateIntervalUnit.Steps,
            WeightInitialization = SparseWeightInitialization.Xavier,
        },
    };

    /// <summary>One CHTss model trained on 200 pairs with 40 validation pairs, shared by the test classes (trained once).</summary>
    public static TrainedFixture Shared => SharedFixture.Value;

    private static readonly Lazy<TrainedFixture> SharedFixture = new(() =>
    {
        var ml = new MLContext(seed: 1);
        var progress = new List<SparseTrainingProgress>();
        var options = TinyOptions();
        options.ValidationSet = ToDataView(ml, ValidationPairs(40));
        options.Progress = new SynchronousProgress(progress);
        var trainer = ml.Transforms.Text.SparseTranslation(options);
        var model = trainer.Fit(ToDataView(ml, TrainPairs(200)));
        return new TrainedFixture(ml, trainer, model, progress);
    });

    public sealed record TrainedFixture(MLContext Ml, SparseTranslationTrainer Trainer, SparseTranslationTransformer Model, List<SparseTrainingProgress> Progress);

    /// <summary>Collects progress reports on the calling thread (System.Progress would post them to the thread pool).</summary>
    public sealed class SynchronousProgress(List<SparseTrainingProgress> sink) : IProgress<SparseTrainingProgress>
    {
        public void Report(SparseTrainingProgress value) => sink.Add(value);
    }

    public static IDataView ToDataView(MLContext ml, IEnumerable<Pair> pairs) => ml.Data.LoadFromEnumerable(pairs.ToList());

    /// <summary>The PredictedTarget column of <paramref name="model"/>'s output on <paramref name="data"/>.</summary>
    public static string[] Predictions(ITransformer model, IDataView data, string column = "PredictedTarget") =>
        model.Transform(data).GetColumn<string>(column).ToArray();
}
