// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.Datasets;

/// <summary>The type of the Label column that <see cref="LabeledVectors.ToDataView"/> creates.</summary>
public enum LabelKind
{
    /// <summary>Key&lt;UInt32, classes&gt; with the class names as key values (ready for multiclass trainers).</summary>
    Key,

    /// <summary>Single holding the class index 0..classes-1 (e.g. for MapValueToKey or regression).</summary>
    Single,

    /// <summary>String holding the class name.</summary>
    Text,

    /// <summary>Boolean: class index 1 is true (two-class datasets only).</summary>
    Boolean,
}
