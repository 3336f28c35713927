// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse;

/// <summary>
/// The sparse MLP settings a training run actually used (data-derived defaults resolved), as the trainer hands them to
/// <see cref="SparseTrainingSummary"/>: the summary lives with the model, which knows nothing of the options types.
/// </summary>
/// <param name="SparseLayerDensity">Density of the sparse hidden layers (1 for the dense baseline).</param>
/// <param name="HiddenLayerSizes">Hidden layer widths.</param>
/// <param name="LearningRate">Initial learning rate.</param>
/// <param name="FeatureStandardization">Standardisation applied (never Auto).</param>
/// <param name="FeatureEncoding">Input encoding applied (never Auto).</param>
/// <param name="SparseInputLayer">Whether the first layer was sparse.</param>
/// <param name="Choices">One line per option chosen from the data, with the reason.</param>
internal sealed record ResolvedMlpSettings(double? SparseLayerDensity, IReadOnlyList<int>? HiddenLayerSizes, double? LearningRate,
    FeatureStandardization FeatureStandardization, FeatureEncoding FeatureEncoding, bool SparseInputLayer = true, IReadOnlyList<string>? Choices = null);
