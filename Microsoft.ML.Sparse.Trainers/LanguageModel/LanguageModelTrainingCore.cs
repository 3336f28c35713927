// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using Microsoft.ML.Runtime;
using Microsoft.ML.Sparse.Text;
using Microsoft.ML.Sparse.Trainers;
using TorchSharp;
using Microsoft.ML.Sparse.Engine.Core.Training;
using Microsoft.ML.Sparse.Engine.Networks.LanguageModel;
using Microsoft.ML.Sparse.Engine.Networks.Transformer;

namespace Microsoft.ML.Sparse.LanguageModels;

/// <summary>
/// One Fit of the language-model trainer: read the texts, learn the BPE vocabulary from the training texts (or take the
/// user's tokenizer), cut every
/// text into token windows, build the <see cref="DecoderOnlyTransformer"/>, train it with <see cref="SparseTrainingLoop"/>
/// (next-token cross-entropy, the topology method of the options on q, k, v, o, gate, up and down) and hand back the
/// model on the CPU.
/// </summary>
internal static class LanguageModelTrainingCore
{
    /// <summary>Result of one Fit.</summary>
    internal sealed record Result(CausalLanguageModel Model, TrainingHistory History, string Device);

    public static Result Train(IHostEnvironment env, SparseLanguageModelOptions options, IDataView input, string trainerName)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var run = TrainingRun.Start(env, options, trainerName);
        var channel = run.Channel;
        var cancellation = run.Cancellation;
        long seed = run.Seed;

        var train = LanguageModelTextReader.Read(input, options.TextColumnName, options.SkipEmptyRows, "training data", cancellation);
        var validation = options.ValidationSet is { } view
            ? LanguageModelTextReader.Read(view, options.TextColumnName, options.SkipEmptyRows, "validation set", cancellation)
            : null;
        if (train.Skipped > 0)
            channel.Warning(MessageSensitivity.Unknown, $"{trainerName}: skipped {train.Skipped} training row(s) with an empty text.");

        SparseLayerLinkCheck.ThrowIfALayerHasNoLinks(options.Topology, Layers(options.ModelDim, options.FeedForwardDim));
        var device = TrainingRun.TorchDevice(options);
        ITokenVocabulary vocabulary = options.Tokenizer is { } tokenizer
            ? new PretrainedTokenVocabulary(tokenizer)
            : SubwordVocabulary.Train(train.Texts, new BpeTrainingOptions { VocabularySize = options.VocabularySize, LowerCase = options.LowerCase }, cancellation);
        if (options.Tokenizer is not null)
            channel.Info(MessageSensitivity.Unknown, $"{trainerName}: using the {options.Tokenizer} given in the options (VocabularySize and LowerCase are not used).");
        var trainWindows = Windows(vocabulary, train.Texts, options.MaxTokens, cancellation);
        var validationWindows = validation is null ? null : Windows(vocabulary, validation.Texts, options.MaxTokens, cancellation);
        var architecture = new TransformerArchitecture
        {
            Task = TransformerTask.LanguageModel,
            ModelDim = options.ModelDim,
            Heads = options.Heads,
            FeedForwardDim = options.FeedForwardDim,
            EncoderLayers = 0,
            DecoderLayers = options.Layers,
            Dropout = options.Dropout,
            AttentionDropout = options.AttentionDropout,
            MaxLength = options.MaxTokens,
            NormPlacement = NormPlacement.PreNorm,
            SourceVocabularySize = vocabulary.Size,
            PadId = vocabulary.PadId,
        };
        long trainTokens = TokenWindows.PredictedTokens(trainWindows);
        channel.Info(MessageSensitivity.Unknown, string.Format(CultureInfo.InvariantCulture,
            "{0}: {1} texts → {2} windows, {3} tokens ({4} validation texts, {5} tokens), vocabulary {6}, d_model {7}, {8} heads, d_ff {9}, {10} blocks, {11} at density {12:G4}, {13} epochs, batch {14}, device {15}, seed {16}",
            trainerName, train.Texts.Length, trainWindows.Count, trainTokens, validation?.Texts.Length ?? 0,
            validationWindows is null ? 0 : TokenWindows.PredictedTokens(validationWindows), vocabulary.Size, options.ModelDim, options.Heads,
            options.FeedForwardDim, options.Layers, options.Topology.Method, options.Topology.EffectiveDensity, options.NumberOfEpochs, options.BatchSize, device.type, seed));

        var settings = options.ToEngine(seed, options.ModelDim, message => channel.Info(MessageSensitivity.Unknown, message));
        var trained = TransformerTraining.LanguageModel(new TransformerTrainingRequest(trainerName, architecture, options.LabelSmoothing, device, settings), trainWindows, validationWindows);
        var network = trained.Network;
        try
        {
            var history = trained.History;
            var model = new CausalLanguageModel(network, vocabulary);
            channel.Info(MessageSensitivity.Unknown, string.Format(CultureInfo.InvariantCulture,
                "{0}: trained in {1:F1} s ({2} steps, {3:F0} tokens/s, {4} topology rounds, {5:F1} s){6}", trainerName, history.Elapsed.TotalSeconds,
                history.Steps, trainTokens * (double)history.Epochs.Count / Math.Max(1e-9, history.Elapsed.TotalSeconds), history.Rounds.Count,
                history.TopologyTime.TotalSeconds,
                history.Epochs[^1].ValidationLoss is { } loss ? string.Format(CultureInfo.InvariantCulture, ", validation perplexity {0:F2}", Math.Exp(loss)) : ""));
            return new Result(model, history, trained.Device);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>The sparse projections of one block for the link check: q, k, v, o (d × d), gate and up (d_ff × d), down (d × d_ff).</summary>
    internal static IReadOnlyList<SparseLayerLinkCheck.Layer> Layers(int modelDim, int feedForwardDim) => new[]
    {
        new SparseLayerLinkCheck.Layer(string.Create(CultureInfo.InvariantCulture, $"attention projection ({modelDim}x{modelDim})"), modelDim, modelDim),
        new SparseLayerLinkCheck.Layer(string.Create(CultureInfo.InvariantCulture, $"feed-forward gate/up ({feedForwardDim}x{modelDim})"), feedForwardDim, modelDim),
        new SparseLayerLinkCheck.Layer(string.Create(CultureInfo.InvariantCulture, $"feed-forward down ({modelDim}x{feedForwardDim})"), modelDim, feedForwardDim),
    };

    private static List<int[]> Windows(ITokenVocabulary vocabulary, string[] texts, int maxTokens, CancellationToken cancellation)
    {
        var windows = new List<int[]>();
        for (int i = 0; i < texts.Length; i++)
        {
            if (i % 256 == 0)
                cancellation.ThrowIfCancellationRequested();
            windows.AddRange(TokenWindows.Split(vocabulary.Encode(texts[i], addBegin: true, addEnd: true), maxTokens));
        }
        return windows;
    }
}
