// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Core.Training;

/// <summary>Validation metrics of one epoch.</summary>
/// <param name="Loss">Mean loss per row.</param>
/// <param name="Accuracy">Fraction of rows predicted right (classifiers), else null.</param>
internal readonly record struct ValidationResult(double Loss, double? Accuracy);
