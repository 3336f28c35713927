// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>Regression prediction.</summary>
internal sealed class RegressionOut
{
    public float Score { get; set; }
}
