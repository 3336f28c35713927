// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.Datasets;

/// <summary>Fashion-MNIST (Zalando, MIT): 28×28 grey images of 10 clothing classes, 60,000 train / 10,000 test.</summary>
public static class FashionMnist
{
    /// <summary>The class names, by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = new[]
    {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    };

    /// <summary>Default location (Debian package dataset-fashion-mnist, installed by build/setup).</summary>
    public static string DefaultDirectory => DataPaths.FashionMnist;

    /// <summary>Loads a split: 784 features in [0, 1] per image, at most <paramref name="maxRows"/> rows.</summary>
    /// <exception cref="FileNotFoundException">The dataset is not installed (run build/setup).</exception>
    public static LabeledVectors Load(DatasetSplit split, int? maxRows = null, string? directory = null)
    {
        var (images, labels) = IdxDataset.Files(directory ?? DefaultDirectory, split);
        return IdxDataset.Load($"fashion-mnist/{split.ToString().ToLowerInvariant()}", images, labels, ClassNames, maxRows);
    }
}
