// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Core;

/// <summary>The scale of the normal weight initialisations, shared by both back-ends' initialisers.</summary>
internal static class WeightInitScale
{
    /// <summary>Standard deviation of the normal initialisations for a layer with <paramref name="links"/> links.</summary>
    public static double StandardDeviation(SparseWeightInitialization kind, long rows, long columns, long links)
    {
        double effective = kind switch
        {
            SparseWeightInitialization.SwiFanIn => (double)links / rows,
            SparseWeightInitialization.SwiFanOut => (double)links / columns,
            SparseWeightInitialization.Kaiming => columns,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only the normal initialisations have a standard deviation."),
        };
        return Math.Sqrt(2.0 / Math.Max(effective, 1e-12));
    }
}
