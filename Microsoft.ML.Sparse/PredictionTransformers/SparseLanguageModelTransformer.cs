// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.LanguageModels;

namespace Microsoft.ML.Sparse;

/// <summary>
/// A trained sparse decoder-only Transformer language model. As a transformer it adds, for the Text column
/// <see cref="TextColumnName"/> of each row, the text's total log-likelihood (<see cref="LogLikelihoodColumnName"/>,
/// Single, natural log), its predicted subword count (<see cref="TokenCountColumnName"/>, Int32: the text's subwords plus
/// the end-of-text token) and its perplexity (<see cref="PerplexityColumnName"/>, Single, exp(−log-likelihood / tokens)).
/// It also generates text from a prompt (<see cref="Generate(string, TextGenerationOptions?)"/>). Works in pipelines and
/// PredictionEngines and round-trips through <c>mlContext.Model.Save</c> / <c>Load</c> with identical scores.
/// </summary>
/// <remarks>
/// A text is scored from &lt;s&gt;: every subword and the end-of-text token given the ones before it. Texts longer than
/// <see cref="MaxTokens"/> subwords are scored in consecutive windows of that length, each seeing only its own window.
/// Inference runs on the CPU with TorchSharp, one forward pass at a time (threads sharing a transformer take turns).
/// <see cref="Score(IEnumerable{string})"/> scores many texts in batches and is faster than the row-by-row transform.
/// </remarks>
public sealed partial class SparseLanguageModelTransformer
{
    private readonly Lazy<SparseModelInfo> _info;

    /// <summary>Name of the Text column that is scored.</summary>
    public string TextColumnName { get; }

    /// <summary>Name of the Single column with each text's total log-likelihood.</summary>
    public string LogLikelihoodColumnName { get; }

    /// <summary>Name of the Int32 column with each text's predicted subword count.</summary>
    public string TokenCountColumnName { get; }

    /// <summary>Name of the Single column with each text's perplexity.</summary>
    public string PerplexityColumnName { get; }

    /// <summary>Longest window, in subword tokens, the model reads at once (its context length).</summary>
    public int MaxTokens => Network.MaxTokens;

    /// <summary>Subword tokens of the vocabulary (special tokens included).</summary>
    public int VocabularySize => Network.Vocabulary.Size;

    /// <summary>
    /// The sparse projections of the network (q, k, v, o, gate, up and down of every block, in module order) with their
    /// links and density. Embeddings, norms and the output head are dense and not listed.
    /// </summary>
    public SparseModelInfo Model => _info.Value;

    /// <summary>What the training run did (per-epoch losses, topology rounds, times); null for a loaded transformer.</summary>
    public SparseTrainingSummary? TrainingSummary { get; internal set; }

    /// <summary>The network and vocabulary.</summary>
    internal CausalLanguageModel Network { get; }

    /// <summary>How likely the model finds <paramref name="text"/>.</summary>
    /// <param name="text">Any text (an empty text is scored as the end-of-text token alone).</param>
    public TextLikelihood Score(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Network.Score(new[] { text })[0];
    }

    /// <summary>How likely the model finds each text (scored in batches; same order).</summary>
    /// <param name="texts">Texts, none null.</param>
    public IReadOnlyList<TextLikelihood> Score(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return Network.Score(texts.ToList());
    }

    /// <summary>
    /// Continues <paramref name="prompt"/>: returns the prompt followed by up to <see cref="TextGenerationOptions.MaxNewTokens"/>
    /// generated subwords, decoded as the vocabulary writes text (lower-cased when it was trained lower-cased). The same
    /// prompt, options and seed give the same text.
    /// </summary>
    /// <param name="prompt">Text to continue; empty to generate from the start of a text.</param>
    /// <param name="options">Strategy, length, temperature, top-k and seed; null for the defaults of <see cref="TextGenerationOptions"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public string Generate(string prompt, TextGenerationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        return Network.Generate(prompt, options ?? new TextGenerationOptions());
    }
}
