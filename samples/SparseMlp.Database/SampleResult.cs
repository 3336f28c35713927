// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.Database;

/// <summary>What one run of the sample did.</summary>
/// <param name="TrainingRows">Rows of the <c>wine</c> table the model was trained on.</param>
/// <param name="PredictedRows">Rows written to the <c>wine_predictions</c> table (the held-out rows).</param>
/// <param name="SqlAccuracy">Share of the written predictions that match the table's cultivar, computed by SQL.</param>
/// <param name="EvaluatorAccuracy">ML.NET's multiclass evaluator on the same held-out rows.</param>
/// <param name="Network">The trained network, e.g. "MLP 416-128-128-128-3: ... links".</param>
public sealed record SampleResult(int TrainingRows, int PredictedRows, double SqlAccuracy, double EvaluatorAccuracy, string Network);
