// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using Microsoft.ML.Runtime;
using Microsoft.ML.Sparse.Text;
using Microsoft.ML.Sparse.Trainers;
using TorchSharp;
using Microsoft.ML.Sparse.Engine.Core.Training;
using Microsoft.ML.Sparse.Engine.Networks.Transformer;

namespace Microsoft.ML.Sparse.Translation;

/// <summary>
/// One Fit of the translation trainer: read and check the sentence pairs, learn the BPE vocabularies, build the
/// <see cref="Seq2SeqTransformer"/>, train it with <see cref="SparseTrainingLoop"/> (teacher forcing, label-smoothed
/// cross-entropy, the topology method of the options) and hand back the model on the CPU for inference.
/// </summary>
internal static class TranslationTrainingCore
{
    /// <summary>Result of one Fit.</summary>
    internal sealed record Result(TranslationModel Model, TrainingHistory History, string Device);

    public static Result Train(IHostEnvironment env, SparseTranslationOptions options, IDataView input, string trainerName)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var run = TrainingRun.Start(env, options, trainerName);
        var channel = run.Channel;
        var cancellation = run.Cancellation;
        long seed = run.Seed;

        var train = TranslationPairReader.Read(input, options.SourceColumnName, options.TargetColumnName, options.SkipEmptyPairs, "training data", cancellation);
        var validation = options.ValidationSet is { } view
            ? TranslationPairReader.Read(view, options.SourceColumnName, options.TargetColumnName, options.SkipEmptyPairs, "validation set", cancellation)
            : null;
        if (train.Skipped > 0)
            channel.Warning(MessageSensitivity.Unknown, $"{trainerName}: skipped {train.Skipped} training row(s) with an empty source or target text.");

        var (sourceVocabulary, targetVocabulary) = LearnVocabularies(options, train, cancellation);
        int maxTokens = options.MaxTokens;
        var trainCorpus = Encode(train, sourceVocabulary, targetVocabulary, maxTokens);
        var validationCorpus = validation is null ? null : Encode(validation, sourceVocabulary, targetVocabulary, maxTokens);

        SparseLayerLinkCheck.ThrowIfALayerHasNoLinks(options.Topology, SparseLayerLinkCheck.TransformerLayers(options.ModelDim, options.FeedForwardDim));
        var device = TrainingRun.TorchDevice(options);
        var architecture = new TransformerArchitecture
        {
            Task = TransformerTask.SequenceToSequence,
            ModelDim = options.ModelDim,
            Heads = options.Heads,
            FeedForwardDim = options.FeedForwardDim,
            EncoderLayers = options.EncoderLayers,
            DecoderLayers = options.DecoderLayers,
            Dropout = options.Dropout,
            AttentionDropout = options.AttentionDropout,
            MaxLength = maxTokens,
            SourceVocabularySize = sourceVocabulary.Size,
            TargetVocabularySize = targetVocabulary.Size,
            ShareEmbeddings = options.ShareEmbeddings,
            PadId = sourceVocabulary.PadId,
        };
        channel.Info(MessageSensitivity.Unknown, string.Format(CultureInfo.InvariantCulture,
            "{0}: {1} pairs ({2} validation), vocabulary {3}{4}, d_model {5}, {6} heads, d_ff {7}, {8}+{9} layers, {10} at density {11:G4}, {12} epochs, batch {13}, device {14}, seed {15}",
            trainerName, trainCorpus.Count, validationCorpus?.Count ?? 0, sourceVocabulary.Size,
            ReferenceEquals(sourceVocabulary, targetVocabulary) ? " shared" : $"/{targetVocabulary.Size}",
            options.ModelDim, options.Heads, options.FeedForwardDim, options.EncoderLayers, options.DecoderLayers,
            options.Topology.Method, options.Topology.EffectiveDensity, options.NumberOfEpochs, options.BatchSize, device.type, seed));

        var settings = options.ToEngine(seed, options.ModelDim, message => channel.Info(MessageSensitivity.Unknown, message));
        var trained = TransformerTraining.Translation(new TransformerTrainingRequest(trainerName, architecture, options.LabelSmoothing, device, settings), trainCorpus, validationCorpus);
        var history = trained.History;
        var model = new TranslationModel(trained.Network, sourceVocabulary, targetVocabulary, maxTokens);
        channel.Info(MessageSensitivity.Unknown, $"{trainerName}: trained in {history.Elapsed.TotalSeconds:F1} s ({history.Steps} steps, {history.Rounds.Count} topology rounds, {history.TopologyTime.TotalSeconds:F1} s)");
        return new Result(model, history, trained.Device);
    }

    private static (SubwordVocabulary Source, SubwordVocabulary Target) LearnVocabularies(SparseTranslationOptions options, TranslationPairs pairs, CancellationToken cancellation)
    {
        var bpe = new BpeTrainingOptions { VocabularySize = options.VocabularySize, LowerCase = options.LowerCase };
        if (options.ShareVocabulary)
        {
            var shared = SubwordVocabulary.Train(pairs.Sources.Concat(pairs.Targets), bpe, cancellation);
            return (shared, shared);
        }
        return (SubwordVocabulary.Train(pairs.Sources, bpe, cancellation), SubwordVocabulary.Train(pairs.Targets, bpe, cancellation));
    }

    private static TranslationCorpus Encode(TranslationPairs pairs, SubwordVocabulary source, SubwordVocabulary target, int maxTokens)
    {
        var sources = pairs.Sources.Select(s => source.Encode(s, maxTokens, addEnd: true)).ToArray();
        var targets = pairs.Targets.Select(t => target.Encode(t, maxTokens, addBegin: true, addEnd: true)).ToArray();
        return new TranslationCorpus(sources, targets);
    }
}
