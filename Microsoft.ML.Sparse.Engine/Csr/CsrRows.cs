// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Csr;

/// <summary>Rows of one split for the managed engine: row-major features and a class index or a target per row.</summary>
internal sealed class CsrRows
{
    /// <param name="features">Row-major [rows, featureCount] (not copied); a longer buffer is allowed (a reused streaming block whose tail is unused).</param>
    /// <param name="rows">Number of rows.</param>
    /// <param name="featureCount">Values per row.</param>
    /// <param name="classes">Class index per row (cross-entropy), else null.</param>
    /// <param name="targets">Target per row (binary 0/1 or regression), else null.</param>
    public CsrRows(float[] features, int rows, int featureCount, int[]? classes, float[]? targets)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Length < (long)rows * featureCount)
            throw new ArgumentException($"Expected at least {rows} x {featureCount} feature values, got {features.Length}.", nameof(features));
        if (classes is null && targets is null)
            throw new ArgumentException("Rows need class indices or targets.", nameof(targets));
        if ((classes?.Length ?? targets!.Length) < rows)
            throw new ArgumentException($"Expected a label for each of the {rows} rows.", nameof(classes));
        Features = features;
        Rows = rows;
        FeatureCount = featureCount;
        Classes = classes;
        Targets = targets;
    }

    /// <summary>Row-major features.</summary>
    public float[] Features { get; }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Values per row.</summary>
    public int FeatureCount { get; }

    /// <summary>Class index per row, or null.</summary>
    public int[]? Classes { get; }

    /// <summary>Target per row, or null.</summary>
    public float[]? Targets { get; }
}
