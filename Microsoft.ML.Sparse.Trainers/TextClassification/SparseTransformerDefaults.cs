// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.TextClassification;

/// <summary>
/// The defaults of the sparse Transformer trainers (text classifier and translator) in one place: the options
/// classes initialise from them and the catalog methods' parameters reference them.
/// </summary>
internal static class SparseTransformerDefaults
{
    /// <summary>The paper's Transformer method.</summary>
    public const SparseTrainingMethod Method = SparseTrainingMethod.Chtss;

    /// <summary>Final density of every sparse projection.</summary>
    public const double Density = 0.1;

    /// <summary>CHTss start density.</summary>
    public const double InitialDensity = 0.5;

    /// <summary>Epochs of the translator.</summary>
    public const int TranslationEpochs = 10;

    /// <summary>Epochs of the text classifier.</summary>
    public const int TextClassificationEpochs = 5;
}
