// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Persistence;
using Microsoft.ML.Sparse.TextClassification;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse;

/// <summary>
/// Catalog extensions for the sparse Transformer text classifier, e.g.
/// <c>mlContext.MulticlassClassification.Trainers.SparseTextTransformer(density: 0.1)</c>: a simple overload and one
/// taking <see cref="SparseTextTransformerOptions"/>.
/// </summary>
public static class SparseTextCatalog
{
    /// <summary>
    /// A multiclass text classifier: a sparse Transformer encoder trained with CHTss (or another
    /// <paramref name="method"/>) at <paramref name="density"/> on a String column and a key-typed label. Other settings
    /// are the defaults of <see cref="SparseTextTransformerOptions"/>.
    /// </summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="labelColumnName">Key-typed label column (use MapValueToKey).</param>
    /// <param name="textColumnName">String column with the text to classify.</param>
    /// <param name="density">Final fraction of links kept in every sparse projection, in (0, 1].</param>
    /// <param name="method">Sparse training method. Default CHTss (the paper's Transformer method).</param>
    /// <param name="numberOfEpochs">Passes over the training data.</param>
    /// <param name="seed">Seed; null: the MLContext's seed.</param>
    public static SparseTextTransformerTrainer SparseTextTransformer(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = DefaultColumnNames.Label, string textColumnName = DefaultColumnNames.Text, double density = SparseTransformerDefaults.Density,
        SparseTrainingMethod method = SparseTransformerDefaults.Method, int numberOfEpochs = SparseTransformerDefaults.TextClassificationEpochs, int? seed = null)
    {
        var options = new SparseTextTransformerOptions
        {
            LabelColumnName = labelColumnName,
            TextColumnName = textColumnName,
            NumberOfEpochs = numberOfEpochs,
            Seed = seed,
        };
        options.Topology.Method = method;
        options.Topology.Density = density;
        options.Topology.InitialDensity = Math.Max(options.Topology.InitialDensity, density);
        return new SparseTextTransformerTrainer(MlNetInternals.EnvironmentOf(catalog), options);
    }

    /// <summary>A multiclass sparse Transformer text classifier with full control over vocabulary, model, training and topology.</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="options">Trainer options (validated now; copied).</param>
    public static SparseTextTransformerTrainer SparseTextTransformer(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        SparseTextTransformerOptions options)
        => new(MlNetInternals.EnvironmentOf(catalog), options ?? throw new ArgumentNullException(nameof(options)));
}
