// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Networks.LanguageModel;
using Microsoft.ML.Sparse.Engine.Torch.Runtime;
using Microsoft.ML.Sparse.Engine.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Networks.Transformer;

/// <summary>
/// The engine's entry point for the Transformer trainers: each task hands over its request and tokenised data once and
/// gets back the trained network and its history. Inside: the libtorch gate, the seed, the network, its device, the
/// task's objective, the training loop with its topology rounds (TorchSharp back-end), and the move back to the CPU.
/// </summary>
internal static class TransformerTraining
{
    /// <summary>Trains an encoder-decoder translator (<see cref="TransformerTask.SequenceToSequence"/>).</summary>
    public static TransformerTrainingResult<Seq2SeqTransformer> Translation(TransformerTrainingRequest request, TranslationCorpus train, TranslationCorpus? validation) =>
        Run(request, () => new Seq2SeqTransformer(request.Architecture),
            network => new TranslationObjective(network, train, validation, request.LabelSmoothing, request.Device));

    /// <summary>Trains an encoder text classifier (<see cref="TransformerTask.TextClassification"/>).</summary>
    public static TransformerTrainingResult<TransformerTextClassifier> TextClassifier(TransformerTrainingRequest request, TokenizedTexts train, TokenizedTexts? validation) =>
        Run(request, () => new TransformerTextClassifier(request.Architecture),
            network => new TextClassificationObjective(network, train, validation, request.LabelSmoothing, request.Device));

    /// <summary>Trains a decoder-only language model on token windows.</summary>
    public static TransformerTrainingResult<DecoderOnlyTransformer> LanguageModel(TransformerTrainingRequest request, IReadOnlyList<int[]> train, IReadOnlyList<int[]>? validation) =>
        Run(request, () => new DecoderOnlyTransformer(request.Architecture),
            network => new LanguageModelObjective(network, train, validation, request.LabelSmoothing, request.Device));

    private static TransformerTrainingResult<TNetwork> Run<TNetwork>(TransformerTrainingRequest request, Func<TNetwork> create, Func<TNetwork, ITrainingObjective> objective)
        where TNetwork : nn.Module, ISparseTransformer
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = request.Settings;
        using var gate = TorchTrainingGate.Enter(request.Name, settings.Log, settings.Cancellation);
        torch.random.manual_seed(settings.Seed);
        var network = create();
        try
        {
            if (request.Device.type != DeviceType.CPU)
                network.to(request.Device);
            var history = TorchTrainingStepper.NewLoop(network, SparseTransformerNetwork.Create(network), objective(network), settings).Run();
            if (request.Device.type != DeviceType.CPU)
                network.to(DeviceType.CPU);
            network.eval();
            return new TransformerTrainingResult<TNetwork>(network, history, request.Device.type.ToString());
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }
}
