// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.ModelServer;

/// <summary>What a pooled engine read for one row, before <see cref="ModelHost"/> names the classes.</summary>
/// <param name="Vector">Multiclass scores (empty otherwise).</param>
/// <param name="Scalar">Binary or regression score.</param>
/// <param name="Probability">Binary probability (0 when the model has none).</param>
/// <param name="Label">The PredictedLabel value (a uint key, text, number or Boolean), or null when the model has none.</param>
public readonly record struct RawPrediction(float[] Vector, float Scalar, float Probability, object? Label);
