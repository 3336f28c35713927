// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse;

/// <summary>Where a sparse model is trained.</summary>
public enum SparseDevice
{
    /// <summary>CUDA when the CUDA backend is installed and a GPU is present, otherwise the CPU.</summary>
    Auto = 0,
    /// <summary>The CPU.</summary>
    Cpu = 1,
    /// <summary>The first CUDA GPU. Falls back to the CPU only when fallback is allowed.</summary>
    Cuda = 2,
}
