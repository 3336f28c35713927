// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Core.LinkPrediction;

/// <summary>
/// Produces the sparse rows of a matrix one at a time, each from the inputs alone (no state carried from one row to
/// the next except reusable scratch), so rows can be computed on any thread in any order with identical results.
/// One instance is used by one thread at a time.
/// </summary>
internal interface ISparseRowSource
{
    /// <summary>Appends the entries of <paramref name="row"/> to <paramref name="output"/>, indices increasing.</summary>
    void WriteRow(int row, SparseRowBuffer output);
}
