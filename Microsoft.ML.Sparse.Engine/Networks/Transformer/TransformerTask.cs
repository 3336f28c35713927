// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Networks.LanguageModel;

namespace Microsoft.ML.Sparse.Engine.Networks.Transformer;

/// <summary>Which model a <see cref="TransformerArchitecture"/> describes.</summary>
internal enum TransformerTask
{
    /// <summary><see cref="TransformerTextClassifier"/>: encoder, masked mean pooling, dense classifier.</summary>
    TextClassification,

    /// <summary><see cref="Seq2SeqTransformer"/>: encoder-decoder with a dense generator.</summary>
    SequenceToSequence,

    /// <summary><see cref="LanguageModel.DecoderOnlyTransformer"/>: causal decoder-only (LLaMA-shaped) language model;
    /// <see cref="TransformerArchitecture.DecoderLayers"/> blocks over <see cref="TransformerArchitecture.SourceVocabularySize"/> ids.</summary>
    LanguageModel,
}
