// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Networks;

namespace Microsoft.ML.Sparse.Engine.Core;

/// <summary>Loss of a <see cref="SparseMlpNetwork"/>.</summary>
internal enum MlpLoss
{
    /// <summary>Softmax cross-entropy over class logits (multiclass).</summary>
    CrossEntropy,

    /// <summary>Sigmoid cross-entropy of one logit against 0/1 (binary).</summary>
    BinaryLogistic,

    /// <summary>Mean squared error of one output (regression).</summary>
    SquaredError,
}
