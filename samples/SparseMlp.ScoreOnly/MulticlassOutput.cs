// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.ScoreOnly;

/// <summary>Output of a multiclass model.</summary>
internal sealed class MulticlassOutput
{
    public float[] Score { get; set; } = Array.Empty<float>();

    public uint PredictedLabel { get; set; }
}
