// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Persistence;
using Microsoft.ML.Sparse.Persistence.Safetensors;
using Microsoft.ML.Sparse.Text;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Networks.Transformer;

namespace Microsoft.ML.Sparse.Translation;

/// <summary>
/// A trained translation model ready for inference: the <see cref="Seq2SeqTransformer"/> (on the CPU, evaluation
/// mode) and its source and target vocabularies (one object when shared). <see cref="Translate"/> serialises access
/// to the network with a lock, so one model can serve several PredictionEngines or threads (one forward at a time).
/// </summary>
internal sealed class TranslationModel
{
    /// <summary>Sentences decoded together by greedy search.</summary>
    public const int GreedyBatchSize = 32;

    private readonly object _gate = new();

    /// <param name="network">The trained model (moved to the CPU by the caller).</param>
    /// <param name="sourceVocabulary">Vocabulary of the source language.</param>
    /// <param name="targetVocabulary">Vocabulary of the target language (the same object when shared).</param>
    /// <param name="maxTokens">Longest source sequence (ids, &lt;/s&gt; included); also the positional table size.</param>
    /// <exception cref="InvalidDataException">The vocabularies do not fit the network.</exception>
    public TranslationModel(Seq2SeqTransformer network, SubwordVocabulary sourceVocabulary, SubwordVocabulary targetVocabulary, int maxTokens)
    {
        Network = network ?? throw new ArgumentNullException(nameof(network));
        SourceVocabulary = sourceVocabulary ?? throw new ArgumentNullException(nameof(sourceVocabulary));
        TargetVocabulary = targetVocabulary ?? throw new ArgumentNullException(nameof(targetVocabulary));
        var a = network.Architecture;
        if (sourceVocabulary.Size != a.SourceVocabularySize || targetVocabulary.Size != a.TargetVocabularySize)
            throw new InvalidDataException($"The vocabularies ({sourceVocabulary.Size} source, {targetVocabulary.Size} target ids) do not fit the network " +
                                           $"({a.SourceVocabularySize} source, {a.TargetVocabularySize} target ids).");
        if (a.PadId != sourceVocabulary.PadId)
            throw new InvalidDataException($"The network pads with id {a.PadId}, the vocabulary with {sourceVocabulary.PadId}.");
        if (a.ShareEmbeddings && !ReferenceEquals(sourceVocabulary, targetVocabulary))
            throw new InvalidDataException("The network shares its embeddings, so source and target must share one vocabulary.");
        if (maxTokens < 4 || maxTokens > a.MaxLength)
            throw new InvalidDataException($"Max tokens {maxTokens} must be in [4, {a.MaxLength}] (the network's positional table).");
        MaxTokens = maxTokens;
    }

    public Seq2SeqTransformer Network { get; }

    public SubwordVocabulary SourceVocabulary { get; }

    public SubwordVocabulary TargetVocabulary { get; }

    public bool SharesVocabulary => ReferenceEquals(SourceVocabulary, TargetVocabulary);

    public int MaxTokens { get; }

    /// <summary>Source ids of <paramref name="text"/> as the model was trained on them (cut to MaxTokens, &lt;/s&gt; last).</summary>
    public int[] EncodeSource(string text) => SourceVocabulary.Encode(text, MaxTokens, addEnd: true);

    /// <summary>
    /// Translates every sentence. An empty or whitespace-only source (or one whose text encodes to nothing) gives an
    /// empty translation without running the network. Greedy search decodes up to <see cref="GreedyBatchSize"/>
    /// sentences together; beam search decodes one at a time. Each sentence's output is cut to its own length cap, so
    /// a sentence gets the same tokens whatever it is batched with, up to floating-point effects of padding.
    /// </summary>
    public string[] Translate(IReadOnlyList<string> sources, TranslationDecodingSettings decoding, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(decoding);
        var results = new string[sources.Count];
        var pending = new List<(int Index, int[] Ids, int Cap)>();
        for (int i = 0; i < sources.Count; i++)
        {
            string text = sources[i] ?? throw new ArgumentException($"Source sentence {i} is null.", nameof(sources));
            int[] ids = string.IsNullOrWhiteSpace(text) ? Array.Empty<int>() : EncodeSource(text);
            if (ids.Length <= 1)
            {
                results[i] = "";
                continue;
            }
            pending.Add((i, ids, decoding.MaxLengthFor(ids.Length - 1, MaxTokens)));
        }
        int chunk = decoding.Strategy == TranslationDecodingStrategy.Greedy ? GreedyBatchSize : 1;
        for (int start = 0; start < pending.Count; start += chunk)
        {
            cancellation.ThrowIfCancellationRequested();
            var part = pending.GetRange(start, Math.Min(chunk, pending.Count - start));
            int[][] generated = Decode(part.Select(p => p.Ids).ToList(), decoding.ToEngine(part.Max(p => p.Cap)));
            for (int j = 0; j < part.Count; j++)
                results[part[j].Index] = TargetVocabulary.Decode(generated[j].Take(part[j].Cap));
        }
        return results;
    }

    private int[][] Decode(List<int[]> sources, DecodingOptions options)
    {
        lock (_gate)
        {
            using var scope = NewDisposeScope();
            var batch = TokenBatch.Pad(sources.Select(s => (IReadOnlyList<int>)s).ToList(), Network.Architecture.PadId);
            return TransformerDecoding.Decode(Network, batch, options);
        }
    }

    /// <summary>Writes the network's weights (<see cref="TransformerWeightsSerializer"/>), never while a translation runs.</summary>
    public void WriteWeights(Stream stream)
    {
        lock (_gate)
            TransformerWeightsSerializer.Write(stream, Network);
    }

    /// <summary>
    /// Writes the network as a PyTorch state_dict in the safetensors format (<see cref="TranslatorStateDict"/>), never
    /// while a translation runs.
    /// </summary>
    public void WriteSafetensors(Stream stream)
    {
        lock (_gate)
        {
            var (tensors, metadata) = TranslatorStateDict.ToTensors(Network, TargetVocabulary.BeginId, TargetVocabulary.EndId, MaxTokens);
            SafetensorsFile.Write(stream, tensors, metadata);
        }
    }

    /// <summary>The network's sparse layers as public layer descriptions.</summary>
    public SparseModelInfo Describe()
    {
        var a = Network.Architecture;
        List<SparseLayerInfo> layers;
        int rows, activeRows;
        lock (_gate)
            (layers, rows, activeRows) = MaskedLayerDescriptions.Of(Network.SparseLinears);
        string architecture = $"Transformer seq2seq d_model {a.ModelDim}, {a.Heads} heads, d_ff {a.FeedForwardDim}, {a.EncoderLayers}+{a.DecoderLayers} layers, " +
                              $"vocabulary {a.SourceVocabularySize}{(a.ShareEmbeddings ? " shared" : $"/{a.TargetVocabularySize}")}";
        return new SparseModelInfo(architecture, a.SourceVocabularySize, a.TargetVocabularySize, layers, rows, activeRows);
    }
}
