// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Persistence;
using Microsoft.ML.Sparse.Text;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Networks.LanguageModel;

namespace Microsoft.ML.Sparse.LanguageModels;

/// <summary>
/// A trained language model ready for inference: the <see cref="DecoderOnlyTransformer"/> (CPU, evaluation mode) and
/// its vocabulary (learnt subwords or the user's tokenizer). Scores texts (<see cref="Score"/>) and generates (<see cref="Generate"/>); access to the
/// network is serialised with a lock, so one model can serve several threads (one forward at a time).
/// </summary>
internal sealed class CausalLanguageModel
{
    private readonly object _gate = new();

    /// <exception cref="InvalidDataException">The vocabulary does not fit the network.</exception>
    public CausalLanguageModel(DecoderOnlyTransformer network, ITokenVocabulary vocabulary)
    {
        Network = network ?? throw new ArgumentNullException(nameof(network));
        Vocabulary = vocabulary ?? throw new ArgumentNullException(nameof(vocabulary));
        var a = network.Architecture;
        if (vocabulary.Size != a.SourceVocabularySize)
            throw new InvalidDataException($"The vocabulary ({vocabulary.Size} ids) does not fit the network ({a.SourceVocabularySize} ids).");
        if (a.PadId != vocabulary.PadId)
            throw new InvalidDataException($"The network pads with id {a.PadId}, the vocabulary with {vocabulary.PadId}.");
    }

    public DecoderOnlyTransformer Network { get; }

    public ITokenVocabulary Vocabulary { get; }

    /// <summary>Longest window the model reads.</summary>
    public int MaxTokens => Network.MaxLength;

    /// <summary>The windows of <paramref name="text"/>: &lt;s&gt; tokens &lt;/s&gt;, cut as <see cref="TokenWindows"/> says.</summary>
    public IEnumerable<int[]> Windows(string text) =>
        TokenWindows.Split(Vocabulary.Encode(text, addBegin: true, addEnd: true), MaxTokens);

    /// <summary>Log-likelihood and predicted subwords of every text (windows scored 32 at a time, in text order).</summary>
    public TextLikelihood[] Score(IReadOnlyList<string> texts, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var windows = new List<int[]>();
        var owner = new List<int>();
        for (int i = 0; i < texts.Count; i++)
        {
            foreach (var window in Windows(texts[i] ?? throw new ArgumentException($"Text {i} is null.", nameof(texts))))
            {
                windows.Add(window);
                owner.Add(i);
            }
        }
        double[] sums;
        lock (_gate)
            sums = LanguageModelScoring.LogProbabilities(Network, windows, cancellation: cancellation);
        var logLikelihood = new double[texts.Count];
        var tokens = new int[texts.Count];
        for (int w = 0; w < windows.Count; w++)
        {
            logLikelihood[owner[w]] += sums[w];
            tokens[owner[w]] += windows[w].Length - 1;
        }
        return Enumerable.Range(0, texts.Count).Select(i => new TextLikelihood(logLikelihood[i], tokens[i])).ToArray();
    }

    /// <summary>The prompt followed by the generated continuation, decoded to text.</summary>
    public string Generate(string prompt, TextGenerationOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var promptIds = Vocabulary.Encode(prompt, addBegin: true);
        List<int> generated;
        lock (_gate)
        {
            generated = TokenSampler.Generate(Network, promptIds, options.MaxNewTokens, Vocabulary.EndId,
                options.Strategy == TextGenerationStrategy.Greedy, options.Temperature, options.TopK, new Random(options.Seed), cancellation);
        }
        return Vocabulary.Decode(promptIds.Concat(generated));
    }

    /// <summary>Writes the network's weights (<see cref="TransformerWeightsSerializer"/>: sparse projections as links and values).</summary>
    public void WriteWeights(Stream stream)
    {
        lock (_gate)
            TransformerWeightsSerializer.Write(stream, Network);
    }

    /// <summary>The network's sparse projections as public layer descriptions.</summary>
    public SparseModelInfo Describe()
    {
        var a = Network.Architecture;
        List<SparseLayerInfo> layers;
        int rows, activeRows;
        lock (_gate)
            (layers, rows, activeRows) = MaskedLayerDescriptions.Of(Network.SparseLinears);
        string architecture = $"decoder-only Transformer (RMSNorm, rotary positions, SwiGLU) d_model {a.ModelDim}, {a.Heads} heads, d_ff {a.FeedForwardDim}, " +
                              $"{a.DecoderLayers} blocks, vocabulary {a.SourceVocabularySize}, context {a.MaxLength}";
        return new SparseModelInfo(architecture, a.SourceVocabularySize, a.SourceVocabularySize, layers, rows, activeRows);
    }
}
