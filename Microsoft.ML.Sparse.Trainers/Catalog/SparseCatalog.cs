// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Persistence;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse;

/// <summary>
/// Catalog extensions that add the sparse trainers to ML.NET's trainer catalogs, e.g.
/// <c>mlContext.MulticlassClassification.Trainers.SparseMlp(density: 0.01)</c>. Each trainer has a simple overload
/// and one taking its Options class.
/// </summary>
public static class SparseCatalog
{
    /// <summary>A multiclass sparse MLP trained with CHTs (or another <paramref name="method"/>) at <paramref name="density"/>.</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="labelColumnName">Key-typed label column.</param>
    /// <param name="featureColumnName">Known-size Single vector of features.</param>
    /// <param name="hiddenLayerSizes">Hidden widths; null: derived from the data (<see cref="SparseMlpOptions.HiddenLayerSizes"/>).</param>
    /// <param name="density">Fraction of links kept in every sparse layer, in (0, 1]; null: derived from the data (<see cref="SparseTopologyOptions.Density"/>).</param>
    /// <param name="method">Sparse training method.</param>
    /// <param name="numberOfEpochs">Passes over the training data; null: derived from the data (<see cref="SparseTrainerOptionsBase.NumberOfEpochs"/>).</param>
    /// <param name="seed">Seed; null: the MLContext's seed.</param>
    public static SparseMlpMulticlassTrainer SparseMlp(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = DefaultColumnNames.Label, string featureColumnName = DefaultColumnNames.Features, int[]? hiddenLayerSizes = null, double? density = null,
        SparseTrainingMethod method = SparseTrainingMethod.Chts, int? numberOfEpochs = null, int? seed = null)
        => new(MlNetInternals.EnvironmentOf(catalog), Simple(labelColumnName, featureColumnName, hiddenLayerSizes, density, method, numberOfEpochs, seed));

    /// <summary>A multiclass sparse MLP with full control over network, training and topology.</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="options">Trainer options (validated now; copied).</param>
    public static SparseMlpMulticlassTrainer SparseMlp(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, SparseMlpOptions options)
        => new(MlNetInternals.EnvironmentOf(catalog), options ?? throw new ArgumentNullException(nameof(options)));

    /// <summary>A binary sparse MLP (Boolean label) trained with CHTs (or another <paramref name="method"/>) at <paramref name="density"/>.</summary>
    /// <param name="catalog">The binary trainers catalog.</param>
    /// <param name="labelColumnName">Boolean label column.</param>
    /// <param name="featureColumnName">Known-size Single vector of features.</param>
    /// <param name="hiddenLayerSizes">Hidden widths; null: derived from the data (<see cref="SparseMlpOptions.HiddenLayerSizes"/>).</param>
    /// <param name="density">Fraction of links kept in every sparse layer, in (0, 1]; null: derived from the data (<see cref="SparseTopologyOptions.Density"/>).</param>
    /// <param name="method">Sparse training method.</param>
    /// <param name="numberOfEpochs">Passes over the training data; null: derived from the data (<see cref="SparseTrainerOptionsBase.NumberOfEpochs"/>).</param>
    /// <param name="seed">Seed; null: the MLContext's seed.</param>
    public static SparseMlpBinaryTrainer SparseMlp(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        string labelColumnName = DefaultColumnNames.Label, string featureColumnName = DefaultColumnNames.Features, int[]? hiddenLayerSizes = null, double? density = null,
        SparseTrainingMethod method = SparseTrainingMethod.Chts, int? numberOfEpochs = null, int? seed = null)
        => new(MlNetInternals.EnvironmentOf(catalog), Simple(labelColumnName, featureColumnName, hiddenLayerSizes, density, method, numberOfEpochs, seed));

    /// <summary>A binary sparse MLP with full control over network, training and topology.</summary>
    /// <param name="catalog">The binary trainers catalog.</param>
    /// <param name="options">Trainer options (validated now; copied).</param>
    public static SparseMlpBinaryTrainer SparseMlp(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, SparseMlpOptions options)
        => new(MlNetInternals.EnvironmentOf(catalog), options ?? throw new ArgumentNullException(nameof(options)));

    /// <summary>A sparse MLP regressor (Single label) trained with CHTs (or another <paramref name="method"/>) at <paramref name="density"/>.</summary>
    /// <param name="catalog">The regression trainers catalog.</param>
    /// <param name="labelColumnName">Single label column.</param>
    /// <param name="featureColumnName">Known-size Single vector of features.</param>
    /// <param name="hiddenLayerSizes">Hidden widths; null: derived from the data (<see cref="SparseMlpOptions.HiddenLayerSizes"/>).</param>
    /// <param name="density">Fraction of links kept in every sparse layer, in (0, 1]; null: derived from the data (<see cref="SparseTopologyOptions.Density"/>).</param>
    /// <param name="method">Sparse training method.</param>
    /// <param name="numberOfEpochs">Passes over the training data; null: derived from the data (<see cref="SparseTrainerOptionsBase.NumberOfEpochs"/>).</param>
    /// <param name="seed">Seed; null: the MLContext's seed.</param>
    public static SparseMlpRegressionTrainer SparseMlp(this RegressionCatalog.RegressionTrainers catalog,
        string labelColumnName = DefaultColumnNames.Label, string featureColumnName = DefaultColumnNames.Features, int[]? hiddenLayerSizes = null, double? density = null,
        SparseTrainingMethod method = SparseTrainingMethod.Chts, int? numberOfEpochs = null, int? seed = null)
        => new(MlNetInternals.EnvironmentOf(catalog), Simple(labelColumnName, featureColumnName, hiddenLayerSizes, density, method, numberOfEpochs, seed));

    /// <summary>A sparse MLP regressor with full control over network, training and topology.</summary>
    /// <param name="catalog">The regression trainers catalog.</param>
    /// <param name="options">Trainer options (validated now; copied).</param>
    public static SparseMlpRegressionTrainer SparseMlp(this RegressionCatalog.RegressionTrainers catalog, SparseMlpOptions options)
        => new(MlNetInternals.EnvironmentOf(catalog), options ?? throw new ArgumentNullException(nameof(options)));

    private static SparseMlpOptions Simple(string label, string features, int[]? hidden, double? density, SparseTrainingMethod method, int? epochs, int? seed) => new()
    {
        LabelColumnName = label,
        FeatureColumnName = features,
        HiddenLayerSizes = hidden,
        NumberOfEpochs = epochs,
        Seed = seed,
        Topology = new SparseTopologyOptions { Density = density, Method = method },
    };
}
