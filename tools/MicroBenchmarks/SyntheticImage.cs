// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;

namespace Microsoft.ML.Sparse.MicroBenchmarks;

/// <summary>One row of <see cref="SyntheticImages"/> as ML.NET reads it.</summary>
public sealed class SyntheticImage
{
    /// <summary>784 pixels in [0, 1].</summary>
    [VectorType(SyntheticImages.Pixels)]
    public float[] Features { get; set; } = [];

    /// <summary>The class, "c0" to "c9".</summary>
    public string Label { get; set; } = "";
}
