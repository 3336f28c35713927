// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using Microsoft.ML.Runtime;
using Microsoft.ML.Sparse.Text;
using Microsoft.ML.Sparse.Trainers;
using TorchSharp;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core.Training;
using Microsoft.ML.Sparse.Engine.Networks.Transformer;

namespace Microsoft.ML.Sparse.TextClassification;

/// <summary>
/// One Fit of the sparse Transformer text classifier: read and check the texts and key labels, learn the BPE vocabulary
/// on the training texts, encode, build the <see cref="TransformerTextClassifier"/> on the chosen device, train it with
/// <see cref="SparseTrainingLoop"/> (topology engine over the attention and feed-forward projections) and copy it into a
/// CPU <see cref="TextTransformerScorer"/>.
/// </summary>
internal static class TextTransformerTrainingCore
{
    private const int CancellationCheckInterval = 256;

    /// <summary>Result of one Fit.</summary>
    internal sealed record Result(TextTransformerScorer Scorer, TrainingData Data, TrainingHistory History, string Device);

    public static Result Train(IHostEnvironment env, SparseTextTransformerOptions options, IDataView input, string trainerName)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var run = TrainingRun.Start(env, options, trainerName);
        var channel = run.Channel;
        var cancellation = run.Cancellation;
        long seed = run.Seed;

        const SparsePredictionKind kind = SparsePredictionKind.MulticlassClassification;
        var train = TrainingDataReader.ReadText(input, options.TextColumnName, options.LabelColumnName, kind, cancellation);
        TrainingData? validation = null;
        if (options.ValidationSet is { } validationView)
        {
            validation = TrainingDataReader.ReadText(validationView, options.TextColumnName, options.LabelColumnName, kind, cancellation);
            if (validation.ClassCount != train.ClassCount)
                throw new ArgumentException($"The validation label has {validation.ClassCount} classes, the training label {train.ClassCount}; map both with the same MapValueToKey.", nameof(options));
        }

        SparseLayerLinkCheck.ThrowIfALayerHasNoLinks(options.Topology, SparseLayerLinkCheck.TransformerLayers(options.ModelDim, options.FeedForwardDim));
        var device = TrainingRun.TorchDevice(options);

        var vocabulary = SubwordVocabulary.Train(train.Texts!, new BpeTrainingOptions { VocabularySize = options.VocabularySize, LowerCase = options.LowerCase }, cancellation);
        var trainTexts = Encode(vocabulary, train, options.MaxTokens, cancellation);
        var validationTexts = validation is null ? null : Encode(vocabulary, validation, options.MaxTokens, cancellation);
        var architecture = new TransformerArchitecture
        {
            Task = TransformerTask.TextClassification,
            ModelDim = options.ModelDim,
            Heads = options.Heads,
            FeedForwardDim = options.FeedForwardDim,
            EncoderLayers = options.EncoderLayers,
            Dropout = options.Dropout,
            AttentionDropout = options.AttentionDropout,
            MaxLength = options.MaxTokens,
            SourceVocabularySize = vocabulary.Size,
            ClassCount = train.ClassCount,
            PadId = vocabulary.PadId,
        };
        channel.Info(MessageSensitivity.Unknown, string.Format(CultureInfo.InvariantCulture,
            "{0}: {1} texts ({2:F0} tokens on average, {3:P0} cut at {4}), vocabulary {5}, {6} classes, Transformer d_model {7} heads {8} d_ff {9} x{10}, {11} at density {12:G4}, {13} epochs, batch {14}, device {15}, seed {16}",
            trainerName, train.RowCount, trainTexts.Ids.Average(t => t.Count), trainTexts.Ids.Count(t => t.Count >= options.MaxTokens) / (double)train.RowCount,
            options.MaxTokens, vocabulary.Size, train.ClassCount, options.ModelDim, options.Heads, options.FeedForwardDim, options.EncoderLayers,
            options.Topology.Method, options.Topology.EffectiveDensity, options.NumberOfEpochs, options.BatchSize, device.type, seed));

        using var scope = NewDisposeScope();
        var settings = options.ToEngine(seed, options.ModelDim, message => channel.Info(MessageSensitivity.Unknown, message));
        var trained = TransformerTraining.TextClassifier(new TransformerTrainingRequest(trainerName, architecture, options.LabelSmoothing, device, settings), trainTexts, validationTexts);
        using var model = trained.Network;
        var history = trained.History;

        var scorer = TextTransformerScorer.FromTrained(model, vocabulary);
        channel.Info(MessageSensitivity.Unknown, $"{trainerName}: trained in {history.Elapsed.TotalSeconds:F1} s ({history.Rounds.Count} topology rounds, {history.TopologyTime.TotalSeconds:F1} s); {scorer.Info}");
        return new Result(scorer, train, history, trained.Device);
    }

    /// <summary>Encodes every text, cut to <paramref name="maxTokens"/> ids.</summary>
    private static TokenizedTexts Encode(SubwordVocabulary vocabulary, TrainingData data, int maxTokens, CancellationToken cancellation)
    {
        var texts = data.Texts!;
        var ids = new IReadOnlyList<int>[texts.Length];
        for (int i = 0; i < texts.Length; i++)
        {
            if (i % CancellationCheckInterval == 0)
                cancellation.ThrowIfCancellationRequested();
            ids[i] = vocabulary.Encode(texts[i], maxTokens);
        }
        return new TokenizedTexts(ids, data.ClassIndices!);
    }
}
