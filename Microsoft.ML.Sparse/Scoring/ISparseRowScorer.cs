// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Scoring;

/// <summary>Scores the current row of one cursor; used by a single thread.</summary>
internal interface ISparseRowScorer : IDisposable
{
    /// <summary>Writes the raw outputs (length <see cref="ISparseScorer.OutputSize"/>) of the current row.</summary>
    void ScoreCurrentRow(Span<float> outputs);
}
