// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Comparison;

/// <summary>The ML task a comparison trains and evaluates.</summary>
public enum ComparisonTask
{
    /// <summary>Multiclass classification: key-typed label, evaluated by accuracy and log-loss.</summary>
    MulticlassClassification = 0,
    /// <summary>Binary classification: Boolean label, evaluated by accuracy, AUC and F1.</summary>
    BinaryClassification = 1,
    /// <summary>Regression: Single label, evaluated by R² and RMSE.</summary>
    Regression = 2,
}
