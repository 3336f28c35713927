// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Samples.Datasets;

namespace Microsoft.ML.Sparse.Tests.TextClassification;

/// <summary>Small real SpamAssassin slices and tiny model settings shared by the text-trainer tests.</summary>
internal static class TextTrainerTestKit
{
    private static readonly Lazy<IReadOnlyList<LabeledText>> Corpus = new(() => SpamAssassinCorpus.Read());

    public sealed class Email
    {
        public string Text { get; set; } = "";

        public string Label { get; set; } = "";
    }

    public sealed class Prediction
    {
        public uint PredictedLabel { get; set; }

        public float[] Score { get; set; } = Array.Empty<float>();
    }

    /// <summary>
    /// Balanced, disjoint train/test slices: every 10th ham and every 5th spam e-mail (deterministic), the first
    /// <paramref name="trainPerClass"/> of each class for training (interleaved ham/spam) and the next
    /// <paramref name="testPerClass"/> for testing.
    /// </summary>
    public static (List<Email> Train, List<Email> Test) Slice(int trainPerClass, int testPerClass)
    {
        var ham = Corpus.Value.Where(e => e.Label == SpamAssassinCorpus.HamLabel).Where((_, i) => i % 10 == 0).ToList();
        var spam = Corpus.Value.Where(e => e.Label == SpamAssassinCorpus.SpamLabel).Where((_, i) => i % 5 == 0).ToList();
        if (ham.Count < trainPerClass + testPerClass || spam.Count < trainPerClass + testPerClass)
            throw new InvalidOperationException("The slice is larger than the corpus sample.");
        static Email Row(LabeledText t) => new() { Text = t.Text, Label = t.Label };
        var train = Enumerable.Range(0, trainPerClass).SelectMany(i => new[] { Row(ham[i]), Row(spam[i]) }).ToList();
        var test = Enumerable.Range(trainPerClass, testPerClass).SelectMany(i => new[] { Row(ham[i]), Row(spam[i]) }).ToList();
        return (train, test);
    }

    /// <summary>Tiny settings that train in a few seconds on two cores and still learn the slice.</summary>
    public static SparseTextTransformerOptions TinyOptions(SparseTrainingMethod method = SparseTrainingMethod.Chtss, int epochs = 4, int seed = 3)
    {
        var options = new SparseTextTransformerOptions
        {
            NumberOfEpochs = epochs,
            BatchSize = 16,
            VocabularySize = 600,
            MaxTokens = 64,
            ModelDim = 32,
            Heads = 2,
            FeedForwardDim = 64,
            EncoderLayers = 1,
            LearningRateSchedule = LearningRateSchedule.Constant,
            LearningRate = 3e-3,
            Seed = seed,
            ProgressInterval = 1,
        };
        options.Topology.Method = method;
        options.Topology.Density = 0.1;
        options.Topology.UpdateInterval = 10;
        return options;
    }

    /// <summary>The pipeline MapValueToKey("Label") → SparseTextTransformer(options).</summary>
    public static EstimatorChain<SparseMulticlassPredictionTransformer> Pipeline(MLContext ml, SparseTextTransformerOptions options, out SparseTextTransformerTrainer trainer)
    {
        trainer = ml.MulticlassClassification.Trainers.SparseTextTransformer(options);
        return ml.Transforms.Conversion.MapValueToKey("Label").Append(trainer);
    }

    /// <summary>
    /// Runs libtorch with one intra-op thread until disposed (restoring the previous count). On the shared 2-core test
    /// machine two OpenMP threads spin-wait for each other whenever other work holds a core, which made these small
    /// trainings up to 8x slower; results are deterministic for either setting.
    /// </summary>
    public static IDisposable OneTorchThread()
    {
        Microsoft.ML.Sparse.Engine.Torch.Runtime.TorchRuntime.EnsureLoaded();
        int previous = TorchSharp.torch.get_num_threads();
        TorchSharp.torch.set_num_threads(1);
        return new Restore(() => TorchSharp.torch.set_num_threads(previous));
    }

    private sealed class Restore(Action action) : IDisposable
    {
        public void Dispose() => action();
    }

    public static float[][] Scores(IDataView scored) => scored.GetColumn<float[]>("Score").ToArray();

    /// <summary>Records every report synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
    public sealed class ProgressLog : IProgress<SparseTrainingProgress>
    {
        private readonly Action<SparseTrainingProgress>? _onReport;

        public ProgressLog(Action<SparseTrainingProgress>? onReport = null) => _onReport = onReport;

        public List<SparseTrainingProgress> Reports { get; } = new();

        public void Report(SparseTrainingProgress value)
        {
            Reports.Add(value);
            _onReport?.Invoke(value);
        }
    }
}
