// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Inference;

/// <summary>Activation applied to the outputs of an inference layer.</summary>
internal enum MlpActivation : byte
{
    /// <summary>No activation (the output layer of every MLP; logits).</summary>
    Identity = 0,

    /// <summary>max(0, x).</summary>
    Relu = 1,

    /// <summary>
    /// min(max(x, 0), 1): the fixed input-encoding layer of tabular classifiers (piecewise-linear encoding of each
    /// feature over quantile bins); only ever the first layer of a model (see <see cref="SparseMlpInferenceModel.EncodingLayerCount"/>).
    /// </summary>
    Clamp01 = 2,
}
