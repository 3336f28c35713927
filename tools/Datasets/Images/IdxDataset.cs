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
