// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.ScoreOnly;

/// <summary>Input row; the vector size is set from the model's input schema at run time.</summary>
internal sealed class FeaturesRow
{
    public float[] Features { get; set; } = Array.Empty<float>();
}
