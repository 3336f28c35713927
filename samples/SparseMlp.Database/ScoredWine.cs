// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.Database;

/// <summary>What the sample reads back from the scored rows to write into the predictions table.</summary>
public sealed class ScoredWine
{
    /// <summary>The row's primary key, passed through the model.</summary>
    public int Id { get; set; }

    /// <summary>The predicted cultivar.</summary>
    public string PredictedLabel { get; set; } = "";

    /// <summary>Class probabilities, in the order of the label's classes.</summary>
    public float[] Score { get; set; } = [];
}
