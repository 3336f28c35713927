// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Persistence;
using Microsoft.ML.Sparse.TextClassification;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse;

/// <summary>
/// Catalog extensions that add the sparse Transformer translator to ML.NET's text transforms, e.g.
/// <c>mlContext.Transforms.Text.SparseTranslation("Source", "Target", density: 0.1)</c>: a simple overload and one
/// taking <see cref="SparseTranslationOptions"/>.
/// </summary>
public static class SparseTranslationCatalog
{
    /// <summary>
    /// A sparse encoder-decoder Transformer trained to translate <paramref name="sourceColumnName"/> into
    /// <paramref name="outputColumnName"/>, learning from the reference translations in <paramref name="targetColumnName"/>,
    /// with CHTss (or another <paramref name="method"/>) at <paramref name="density"/>. The other settings are the
    /// defaults of <see cref="SparseTranslationOptions"/>.
    /// </summary>
    /// <param name="catalog">The text transforms catalog.</param>
    /// <param name="sourceColumnName">Text column with the sentences to translate.</param>
    /// <param name="targetColumnName">Text column with their reference translations (read only by Fit).</param>
    /// <param name="outputColumnName">Text column the trained transformer adds with its translations.</param>
    /// <param name="density">Final fraction of links kept in every attention and feed-forward layer, in (0, 1]
    /// (CHTss starts at 50%, or at this density when it is higher).</param>
    /// <param name="method">Sparse training method.</param>
    /// <param name="numberOfEpochs">Passes over the training pairs.</param>
    /// <param name="seed">Seed; null: the MLContext's seed.</param>
    public static SparseTranslationTrainer SparseTranslation(this TransformsCatalog.TextTransforms catalog,
        string sourceColumnName = DefaultColumnNames.Source, string targetColumnName = DefaultColumnNames.Target,
        string outputColumnName = DefaultColumnNames.PredictedTarget, double density = SparseTransformerDefaults.Density,
        SparseTrainingMethod method = SparseTransformerDefaults.Method, int numberOfEpochs = SparseTransformerDefaults.TranslationEpochs, int? seed = null)
    {
        var options = new SparseTranslationOptions
        {
            SourceColumnName = sourceColumnName,
            TargetColumnName = targetColumnName,
            OutputColumnName = outputColumnName,
            NumberOfEpochs = numberOfEpochs,
            Seed = seed,
        };
        options.Topology.Density = density;
        options.Topology.Method = method;
        if (SparseTopologyOptions.DecaysDensity(method) && options.Topology.InitialDensity < density)
            options.Topology.InitialDensity = density;
        return new SparseTranslationTrainer(MlNetInternals.EnvironmentOf(catalog), options);
    }

    /// <summary>A sparse Transformer translator with full control over columns, network, training, topology and decoding.</summary>
    /// <param name="catalog">The text transforms catalog.</param>
    /// <param name="options">Trainer options (validated now; copied).</param>
    public static SparseTranslationTrainer SparseTranslation(this TransformsCatalog.TextTransforms catalog, SparseTranslationOptions options)
        => new(MlNetInternals.EnvironmentOf(catalog), options ?? throw new ArgumentNullException(nameof(options)));
}
