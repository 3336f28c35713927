// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Persistence.Safetensors;

/// <summary>The element types this library reads and writes in a safetensors file (the format's names: F32, BOOL, U8).</summary>
internal enum SafetensorsDType
{
    /// <summary>32-bit IEEE float, little-endian ("F32").</summary>
    F32 = 0,

    /// <summary>One byte per value, 0 or 1 ("BOOL"; what torch.bool tensors are written as).</summary>
    Bool = 1,

    /// <summary>Unsigned byte ("U8").</summary>
    U8 = 2,
}
