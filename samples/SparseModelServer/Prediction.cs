// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.ModelServer;

/// <summary>One prediction as returned by the API.</summary>
/// <param name="Label">The predicted label as text (<see cref="ClassLabels.Format"/>): the class value of a multiclass
/// model (the label value, not the class index, whatever the label type), <c>true</c>/<c>false</c> for a binary
/// classifier; null for regression.</param>
/// <param name="Score">Score of the predicted class, or the regression/binary score.</param>
/// <param name="Probability">Binary probability, when the model has one.</param>
/// <param name="Scores">Score per class (multiclass), keyed like <paramref name="Label"/>, else null.</param>
public sealed record Prediction(string? Label, float Score, float? Probability, IReadOnlyDictionary<string, float>? Scores);
