// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.Datasets;

/// <summary>Which part of a dataset with a fixed train/test split to load.</summary>
public enum DatasetSplit
{
    /// <summary>The training part.</summary>
    Train,

    /// <summary>The test part.</summary>
    Test,
}
