// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp.Modules;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Torch.Layers;

namespace Microsoft.ML.Sparse.Engine.Networks.Transformer;

/// <summary>
/// Encoder-decoder Transformer for translation: dense source/target embeddings (one shared table when
/// <see cref="TransformerArchitecture.ShareEmbeddings"/>), sparse encoder and decoder stacks, dense generator
/// (d_model → target vocabulary logits).
/// </summary>
internal sealed class Seq2SeqTransformer : nn.Module<Tensor, Tensor, Tensor>, ISparseTransformer
{
    private readonly TokenEmbedding source_embedding;
    private readonly TokenEmbedding? target_embedding;
    private readonly TransformerEncoder encoder;
    private readonly TransformerDecoder decoder;
    private readonly Linear generator;
    private readonly SparseTransformerStructure _structure;

    /// <summary>Builds the model (random initialisation from the current torch seed).</summary>
    /// <exception cref="InvalidDataException">The architecture is invalid or not a sequence-to-sequence architecture.</exception>
    public Seq2SeqTransformer(TransformerArchitecture architecture) : base("seq2seq")
    {
        ArgumentNullException.ThrowIfNull(architecture);
        architecture.Validate();
        if (architecture.Task != TransformerTask.SequenceToSequence)
            throw new InvalidDataException($"A sequence-to-sequence model needs a {TransformerTask.SequenceToSequence} architecture, got {architecture.Task}.");
        Architecture = architecture;
        var a = architecture;
        source_embedding = new TokenEmbedding("source_embedding", a.SourceVocabularySize, a.ModelDim, a.MaxLength, a.PadId, a.Dropout);
        target_embedding = a.ShareEmbeddings ? null
            : new TokenEmbedding("target_embedding", a.TargetVocabularySize, a.ModelDim, a.MaxLength, a.PadId, a.Dropout);
        encoder = new TransformerEncoder("encoder", a);
        decoder = new TransformerDecoder("decoder", a);
        generator = nn.Linear(a.ModelDim, a.TargetVocabularySize);
        RegisterComponents();
        TransformerInit.Linear(generator);
        _structure = new SparseTransformerStructure().Add(encoder).Add(decoder);
    }

    /// <inheritdoc/>
    public TransformerArchitecture Architecture { get; }

    /// <inheritdoc/>
    public IReadOnlyList<MaskedLinear> SparseLinears => _structure.Linears;

    /// <inheritdoc/>
    public IReadOnlyList<(MaskedLinear Upstream, MaskedLinear Downstream)> Chains => _structure.Chains;

    /// <inheritdoc/>
    public IReadOnlyList<(MaskedLinear First, MaskedLinear Second)> RowPairs => _structure.RowPairs;

    /// <summary>The encoder stack.</summary>
    public TransformerEncoder Encoder => encoder;

    /// <summary>The decoder stack.</summary>
    public TransformerDecoder Decoder => decoder;

    /// <summary>Source ids [B, S] → encoder memory [B, S, d] and the source padding mask [B, S].</summary>
    public (Tensor Memory, Tensor SourcePadding) Encode(Tensor source)
    {
        if (source.dim() != 2)
            throw new ArgumentException($"Source ids must be [batch, length], got [{string.Join(",", source.shape)}].");
        var padding = AttentionMasks.KeyPadding(source, Architecture.PadId);
        return (encoder.forward(source_embedding.forward(source), padding), padding);
    }

    /// <summary>
    /// Decoder input ids [B, T] (starting with &lt;s&gt;) over encoder memory → next-token logits [B, T, target vocabulary].
    /// </summary>
    public Tensor Decode(Tensor targetInput, Tensor memory, Tensor sourcePadding)
    {
        if (targetInput.dim() != 2)
            throw new ArgumentException($"Target ids must be [batch, length], got [{string.Join(",", targetInput.shape)}].");
        var targetPadding = AttentionMasks.KeyPadding(targetInput, Architecture.PadId);
        var embedded = (target_embedding ?? source_embedding).forward(targetInput);
        return generator.forward(decoder.forward(embedded, memory, targetPadding, sourcePadding));
    }

    /// <summary>Teacher-forced logits: source [B, S], decoder input [B, T] → [B, T, target vocabulary].</summary>
    public override Tensor forward(Tensor source, Tensor targetInput)
    {
        var (memory, padding) = Encode(source);
        return Decode(targetInput, memory, padding);
    }
}
