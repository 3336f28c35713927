// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Inference;

/// <summary>How an inference layer stores its weights.</summary>
internal enum InferenceLayerKind : byte
{
    /// <summary>Dense row-major matrix (dense heads, or layers too dense for CSR to pay off).</summary>
    Dense = 1,

    /// <summary>Compressed sparse rows: only active links are stored.</summary>
    Csr = 2,
}
