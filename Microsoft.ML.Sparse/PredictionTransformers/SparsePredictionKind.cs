// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse;

/// <summary>The prediction task a trainer solves; decides the label type it needs.</summary>
internal enum SparsePredictionKind
{
    /// <summary>Key-typed label (use MapValueToKey), one output per class.</summary>
    MulticlassClassification,

    /// <summary>Boolean label, one output (logit).</summary>
    BinaryClassification,

    /// <summary>Single label, one output.</summary>
    Regression,
}
