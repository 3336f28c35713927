// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>Input row of the tabular benchmark (the vector size is set at run time): class index or target, and the binary label.</summary>
internal sealed class TabularRow
{
    public float[] Features { get; set; } = Array.Empty<float>();

    public float Label { get; set; }

    public bool Positive { get; set; }
}
