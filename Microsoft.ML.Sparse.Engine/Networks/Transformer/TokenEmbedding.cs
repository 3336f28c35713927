// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Networks.Transformer;

/// <summary>
/// Dense token embedding scaled by sqrt(d_model), plus sinusoidal positions, then dropout:
/// ids [batch, length] → [batch, length, d_model]. The padding row starts at zero and gets no gradient.
/// </summary>
internal sealed class TokenEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly Embedding embedding;
    private readonly SinusoidalPositionalEncoding positions;
    private readonly Dropout dropout;
    private readonly Scalar _scale;

    /// <summary>Creates the embedding.</summary>
    public TokenEmbedding(string name, long vocabularySize, long modelDim, long maxLength, long padId, double dropoutRate) : base(name)
    {
        embedding = nn.Embedding(vocabularySize, modelDim, padding_idx: padId);
        positions = new SinusoidalPositionalEncoding("positions", modelDim, maxLength);
        dropout = nn.Dropout(dropoutRate);
        _scale = Math.Sqrt(modelDim).ToScalar();   // one instance, alive as long as the module (AttentionMasks.MaskedScoreScalar says why)
        VocabularySize = vocabularySize;
        PadId = padId;
        RegisterComponents();
        using (no_grad())
        {
            nn.init.normal_(embedding.weight!, 0.0, Math.Pow(modelDim, -0.5));
            embedding.weight![padId].zero_();
        }
    }

    /// <summary>Number of embedding rows.</summary>
    public long VocabularySize { get; }

    /// <summary>Id of the padding token.</summary>
    public long PadId { get; }

    /// <summary>The dense embedding table [vocabulary, d_model].</summary>
    public Parameter Weight => embedding.weight!;

    /// <summary>Longest sequence supported.</summary>
    public long MaxLength => positions.MaxLength;

    /// <inheritdoc/>
    public override Tensor forward(Tensor ids)
    {
        if (ids.dtype != ScalarType.Int64)
            throw new ArgumentException($"Token ids must be int64, got {ids.dtype}.");
        return dropout.forward(positions.forward(embedding.forward(ids) * _scale));
    }
}
