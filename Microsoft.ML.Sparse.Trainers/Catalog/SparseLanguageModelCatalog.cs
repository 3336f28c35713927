// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.LanguageModels;
using Microsoft.ML.Sparse.Persistence;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse;

/// <summary>
/// Catalog extensions that add the sparse decoder-only Transformer language model to ML.NET's text transforms, e.g.
/// <c>mlContext.Transforms.Text.SparseLanguageModel("Text", density: 0.3)</c>: a simple overload and one taking
/// <see cref="SparseLanguageModelOptions"/>.
/// </summary>
public static class SparseLanguageModelCatalog
{
    /// <summary>
    /// A sparse causal language model trained on the texts of <paramref name="textColumnName"/> with CHTss (or another
    /// <paramref name="method"/>) at <paramref name="density"/>; the trained transformer adds LogLikelihood, TokenCount and
    /// Perplexity columns. The other settings are the defaults of <see cref="SparseLanguageModelOptions"/>.
    /// </summary>
    /// <param name="catalog">The text transforms catalog.</param>
    /// <param name="textColumnName">Text column to learn from and to score.</param>
    /// <param name="density">Final fraction of links kept in every q, k, v, o, gate, up and down projection, in (0, 1]
    /// (CHTss starts at 50%, or at this density when it is higher).</param>
    /// <param name="method">Sparse training method.</param>
    /// <param name="numberOfEpochs">Passes over the training texts.</param>
    /// <param name="seed">Seed; null: the MLContext's seed.</param>
    public static SparseLanguageModelTrainer SparseLanguageModel(this TransformsCatalog.TextTransforms catalog,
        string textColumnName = DefaultColumnNames.Text, double density = SparseLanguageModelDefaults.Density,
        SparseTrainingMethod method = SparseLanguageModelDefaults.Method, int numberOfEpochs = SparseLanguageModelDefaults.Epochs, int? seed = null)
    {
        var options = new SparseLanguageModelOptions
        {
            TextColumnName = textColumnName,
            NumberOfEpochs = numberOfEpochs,
            Seed = seed,
        };
        options.Topology.Density = density;
        options.Topology.Method = method;
        if (SparseTopologyOptions.DecaysDensity(method) && options.Topology.InitialDensity < density)
            options.Topology.InitialDensity = density;
        return new SparseLanguageModelTrainer(MlNetInternals.EnvironmentOf(catalog), options);
    }

    /// <summary>A sparse language model with full control over columns, network, training and topology.</summary>
    /// <param name="catalog">The text transforms catalog.</param>
    /// <param name="options">Trainer options (validated now; copied).</param>
    public static SparseLanguageModelTrainer SparseLanguageModel(this TransformsCatalog.TextTransforms catalog, SparseLanguageModelOptions options)
        => new(MlNetInternals.EnvironmentOf(catalog), options ?? throw new ArgumentNullException(nameof(options)));
}
