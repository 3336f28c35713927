// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>Binary prediction.</summary>
internal sealed class BinaryOut
{
    public bool PredictedLabel { get; set; }
}
