// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp.Modules;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Torch.Layers;

namespace Microsoft.ML.Sparse.Engine.Networks.Transformer;

/// <summary>
/// Text classifier: dense token embedding (+ sinusoidal positions) → N sparse encoder layers → mean over the
/// non-padding positions → dense linear classifier. Input: token ids [B, L] (int64, padded with
/// <see cref="TransformerArchitecture.PadId"/>); output: logits [B, classes].
/// </summary>
internal sealed class TransformerTextClassifier : nn.Module<Tensor, Tensor>, ISparseTransformer
{
    private readonly TokenEmbedding embedding;
    private readonly TransformerEncoder encoder;
    private readonly Linear classifier;
    private readonly SparseTransformerStructure _structure;

    /// <summary>Builds the model (random initialisation from the current torch seed).</summary>
    /// <exception cref="InvalidDataException">The architecture is invalid or not a classification architecture.</exception>
    public TransformerTextClassifier(TransformerArchitecture architecture) : base("text_classifier")
    {
        ArgumentNullException.ThrowIfNull(architecture);
        architecture.Validate();
        if (architecture.Task != TransformerTask.TextClassification)
            throw new InvalidDataException($"A text classifier needs a {TransformerTask.TextClassification} architecture, got {architecture.Task}.");
        Architecture = architecture;
        embedding = new TokenEmbedding("embedding", architecture.SourceVocabularySize, architecture.ModelDim,
                                       architecture.MaxLength, architecture.PadId, architecture.Dropout);
        encoder = new TransformerEncoder("encoder", architecture);
        classifier = nn.Linear(architecture.ModelDim, architecture.ClassCount);
        RegisterComponents();
        TransformerInit.Linear(classifier);
        _structure = new SparseTransformerStructure().Add(encoder);
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

    /// <summary>Token ids [B, L] → class logits [B, classes].</summary>
    public override Tensor forward(Tensor ids) => classifier.forward(Pool(ids));

    /// <summary>Token ids [B, L] → pooled sentence vectors [B, d] (mean over non-padding positions; zero for an all-padding row).</summary>
    public Tensor Pool(Tensor ids)
    {
        if (ids.dim() != 2)
            throw new ArgumentException($"Token ids must be [batch, length], got [{string.Join(",", ids.shape)}].");
        var padding = AttentionMasks.KeyPadding(ids, Architecture.PadId);
        var hidden = encoder.forward(embedding.forward(ids), padding);
        var keep = padding.logical_not().unsqueeze(-1).to(hidden.dtype); // [B, L, 1]
        var counts = keep.sum(1).clamp_min(1.0);                         // [B, 1]
        return (hidden * keep).sum(1) / counts;
    }
}
