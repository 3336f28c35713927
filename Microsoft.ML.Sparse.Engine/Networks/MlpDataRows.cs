// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Networks;

/// <summary>Rows handed to <see cref="MlpTraining"/>: row-major features and, per task, class indices or targets.</summary>
/// <param name="Features">RowCount × FeatureCount values, row-major (the facade standardises copies, never these).</param>
/// <param name="RowCount">Number of rows.</param>
/// <param name="FeatureCount">Values per row.</param>
/// <param name="ClassIndices">Class of every row (classification), else null.</param>
/// <param name="Targets">Standardised target of every row (regression), else null.</param>
internal sealed record MlpDataRows(float[] Features, int RowCount, int FeatureCount, int[]? ClassIndices, float[]? Targets);
