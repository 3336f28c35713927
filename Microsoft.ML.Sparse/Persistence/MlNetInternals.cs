// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Sparse.Persistence;

/// <summary>
/// The non-persistence ML.NET internals the trainers need, kept in this folder with the others: the environment
/// behind a trainer or model catalog (as ML.NET's own catalog extensions obtain it) and the MLContext's seed.
/// </summary>
internal static class MlNetInternals
{
    /// <summary>The environment of a trainer catalog (<c>mlContext.MulticlassClassification.Trainers</c>, ...).</summary>
    public static IHostEnvironment EnvironmentOf(TrainCatalogBase.CatalogInstantiatorBase catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        MlNetVersionGuard.EnsureSupported();
        return CatalogUtils.GetEnvironment(catalog);
    }

    /// <summary>The environment of the text transforms catalog (<c>mlContext.Transforms.Text</c>).</summary>
    public static IHostEnvironment EnvironmentOf(TransformsCatalog.TextTransforms catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        MlNetVersionGuard.EnsureSupported();
        return CatalogUtils.GetEnvironment(catalog);
    }

    /// <summary>The environment of the model operations catalog (<c>mlContext.Model</c>).</summary>
    public static IHostEnvironment EnvironmentOf(ModelOperationsCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        MlNetVersionGuard.EnsureSupported();
        return CatalogUtils.GetEnvironment(catalog);
    }

    /// <summary>The seed the MLContext was created with (<c>new MLContext(seed: 1)</c>), or null.</summary>
    public static int? SeedOf(IHostEnvironment env) => (env as IHostEnvironmentInternal)?.Seed;
}
