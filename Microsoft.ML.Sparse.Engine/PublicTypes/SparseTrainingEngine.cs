// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse;

/// <summary>Which engine trains a sparse MLP (<c>SparseMlpOptions.Engine</c>).</summary>
public enum SparseTrainingEngine
{
    /// <summary>
    /// Default: the managed engine for sparse methods on the CPU, TorchSharp when the model trains on CUDA and for the
    /// <see cref="SparseTrainingMethod.Dense"/> baseline (a dense matmul is what libtorch is good at; without a usable
    /// libtorch the dense baseline trains on the managed engine too).
    /// </summary>
    Auto,

    /// <summary>
    /// Truly sparse managed CPU training: layers stored as CSR, a step costs time in proportion to the links (20-100x
    /// faster than masked dense layers at 1%), topology rounds on the sparse structure, and no libtorch at all.
    /// </summary>
    Managed,

    /// <summary>TorchSharp (libtorch) masked dense layers, on CPU or CUDA: sparsity is simulated with masks, so a step costs as much as a dense one.</summary>
    TorchSharp,
}
