// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.MicroBenchmarks;

/// <summary>The Score column of a multiclass prediction (one probability per class).</summary>
public sealed class ClassScores
{
    /// <summary>Class probabilities.</summary>
    public float[] Score { get; set; } = [];
}
