// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.SpamAssassin;

/// <summary>The columns of a prediction read by the PredictionEngine.</summary>
public sealed class SpamPrediction
{
    /// <summary>Class probabilities, in the order of the label's key values.</summary>
    public float[] Score { get; set; } = Array.Empty<float>();
}
