// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.ModelServer;

/// <summary>Output row of the pooled engines; only the members matching the model's output columns are mapped.</summary>
/// <typeparam name="TLabel">The CLR type of the PredictedLabel column (uint for a key; bool when it is not mapped).</typeparam>
public sealed class ScoreRow<TLabel>
{
    /// <summary>Multiclass scores.</summary>
    public float[] Vector = Array.Empty<float>();

    /// <summary>Binary or regression score.</summary>
    public float Scalar;

    /// <summary>Binary probability.</summary>
    public float Probability;

    /// <summary>The PredictedLabel column's value.</summary>
    public TLabel PredictedLabel = default!;
}
