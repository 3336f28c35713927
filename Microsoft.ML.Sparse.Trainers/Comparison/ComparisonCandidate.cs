// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Comparison;

/// <summary>
/// One contestant of a comparison: a named way to build an estimator for a given seed. Sparse methods
/// carry their density; ML.NET reference trainers (SDCA, LightGBM, ...) have none.
/// </summary>
public sealed class ComparisonCandidate
{
    /// <summary>Creates a candidate.</summary>
    /// <param name="method">Row label of the method, e.g. "CHTs", "Dense", "LightGbm".</param>
    /// <param name="density">Connection density of the sparse layers, or null for dense models and reference trainers.</param>
    /// <param name="createEstimator">Builds the estimator for a seed. It receives the comparison's MLContext.</param>
    /// <param name="isReference">True for ML.NET built-in trainers shown as reference rows.</param>
    public ComparisonCandidate(string method, double? density, Func<MLContext, int, IEstimator<ITransformer>> createEstimator, bool isReference = false)
    {
        if (string.IsNullOrWhiteSpace(method))
            throw new ArgumentException("A candidate needs a method name.", nameof(method));
        if (density is { } d && !(d > 0 && d <= 1))
            throw new ArgumentOutOfRangeException(nameof(density), density, "Density must be in (0, 1].");
        Method = method;
        Density = density;
        CreateEstimator = createEstimator ?? throw new ArgumentNullException(nameof(createEstimator));
        IsReference = isReference;
    }

    /// <summary>Row label of the method.</summary>
    public string Method { get; }

    /// <summary>Density of the sparse layers, or null.</summary>
    public double? Density { get; }

    /// <summary>Builds the estimator for a seed.</summary>
    public Func<MLContext, int, IEstimator<ITransformer>> CreateEstimator { get; }

    /// <summary>True for ML.NET built-in reference trainers.</summary>
    public bool IsReference { get; }

    /// <inheritdoc/>
    public override string ToString() => Density is { } d ? $"{Method} @ {d:P1}" : Method;
}
