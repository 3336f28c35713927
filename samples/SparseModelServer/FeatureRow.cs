// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.ModelServer;

/// <summary>Input row of the pooled engines: the features vector and, when the pipeline reads a label column, an unused label.</summary>
/// <typeparam name="TLabel">The CLR type of the label column the pipeline reads (bool when it reads none).</typeparam>
public sealed class FeatureRow<TLabel>
{
    /// <summary>The features.</summary>
    public float[] Features = Array.Empty<float>();

    /// <summary>Placeholder for a label column the pipeline reads (never used for prediction).</summary>
    public TLabel Label = default!;
}
