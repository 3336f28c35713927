// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>Multiclass prediction.</summary>
internal sealed class ClassOut
{
    public uint PredictedLabel { get; set; }
}
