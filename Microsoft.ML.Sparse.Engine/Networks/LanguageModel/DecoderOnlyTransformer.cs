// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp.Modules;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Networks.Transformer;
using Microsoft.ML.Sparse.Engine.Torch.Layers;

namespace Microsoft.ML.Sparse.Engine.Networks.LanguageModel;

/// <summary>
/// A causal decoder-only language model shaped as the paper's LLaMA models: dense token embedding → N pre-norm blocks
/// (RMSNorm, causal self-attention with rotary positions, SwiGLU feed-forward; q, k, v, o, gate, up and down sparse)
/// → final RMSNorm → dense, bias-free output head. Input: token ids [B, T] (int64, right-padded); output: next-token
/// logits [B, T, V]. Embedding and head are initialised N(0, 0.02²) as in LLaMA; the projections Xavier-uniform (the
/// topology engine may re-initialise the sparse ones).
/// </summary>
internal sealed class DecoderOnlyTransformer : nn.Module<Tensor, Tensor>, ISparseTransformer
{
    /// <summary>Standard deviation of the embedding and head initialisation (LLaMA's initializer_range).</summary>
    public const double EmbeddingStd = 0.02;

    private readonly Embedding embedding;
    private readonly ModuleList<LanguageModelBlock> blocks;
    private readonly RmsNorm final_norm;
    private readonly Linear head;
    private readonly Dropout dropout;
    private readonly RotaryPositions _rotary;
    private readonly SparseTransformerStructure _structure;

    /// <summary>Builds the model (random initialisation from the current torch seed).</summary>
    /// <exception cref="InvalidDataException">The architecture is invalid or not a language-model architecture.</exception>
    public DecoderOnlyTransformer(TransformerArchitecture architecture) : base("causal_lm")
    {
        ArgumentNullException.ThrowIfNull(architecture);
        architecture.Validate();
        if (architecture.Task != TransformerTask.LanguageModel)
            throw new InvalidDataException($"A decoder-only language model needs a {TransformerTask.LanguageModel} architecture, got {architecture.Task}.");
        Architecture = architecture;
        var a = architecture;
        _rotary = new RotaryPositions(a.ModelDim / a.Heads, a.MaxLength);
        embedding = nn.Embedding(a.SourceVocabularySize, a.ModelDim);
        blocks = nn.ModuleList(Enumerable.Range(0, a.DecoderLayers)
            .Select(i => new LanguageModelBlock($"blocks.{i}", a.ModelDim, a.Heads, a.FeedForwardDim, a.Dropout, a.AttentionDropout, _rotary)).ToArray());
        final_norm = new RmsNorm("final_norm", a.ModelDim);
        head = nn.Linear(a.ModelDim, a.SourceVocabularySize, hasBias: false);
        dropout = nn.Dropout(a.Dropout);
        RegisterComponents();
        using (no_grad())
        {
            nn.init.normal_(embedding.weight!, 0, EmbeddingStd);
            nn.init.normal_(head.weight!, 0, EmbeddingStd);
        }
        _structure = new SparseTransformerStructure();
        foreach (var block in blocks)
            _structure.Add(block.Attention).Add(block.FeedForward);
    }

    /// <inheritdoc/>
    public TransformerArchitecture Architecture { get; }

    /// <inheritdoc/>
    public IReadOnlyList<MaskedLinear> SparseLinears => _structure.Linears;

    /// <inheritdoc/>
    public IReadOnlyList<(MaskedLinear Upstream, MaskedLinear Downstream)> Chains => _structure.Chains;

    /// <inheritdoc/>
    public IReadOnlyList<(MaskedLinear First, MaskedLinear Second)> RowPairs => _structure.RowPairs;

    /// <summary>The blocks, bottom first.</summary>
    public IReadOnlyList<LanguageModelBlock> Blocks => blocks.ToList();

    /// <summary>Longest sequence the model reads (rotary table size).</summary>
    public int MaxLength => Architecture.MaxLength;

    /// <summary>Token ids [B, T] (T ≤ <see cref="MaxLength"/>) → next-token logits [B, T, V].</summary>
    public override Tensor forward(Tensor ids)
    {
        if (ids.dim() != 2)
            throw new ArgumentException($"Token ids must be [batch, length], got [{string.Join(",", ids.shape)}].");
        if (ids.shape[1] > MaxLength)
            throw new ArgumentException($"A sequence of {ids.shape[1]} tokens exceeds the model's maximum length {MaxLength}.", nameof(ids));
        var x = dropout.forward(embedding.forward(ids));
        foreach (var block in blocks)
            x = block.forward(x);
        return head.forward(final_norm.forward(x));
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _rotary.Dispose();
        base.Dispose(disposing);
    }
}
