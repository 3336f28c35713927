// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using System.IO.Compression;

namespace Microsoft.ML.Sparse.Samples.Datasets;

/// <summary>
/// The small CSV datasets shipped with scikit-learn (BSD-3; extracted from Debian's python3-sklearn by build/setup
/// into <c>$MLSPARSE_DATA/sklearn</c>). Two formats exist: <c>digits.csv.gz</c> has no header (64 pixel values 0-16,
/// then the label); iris, wine and breast_cancer start with a line <c>n_samples,n_features,class names...</c> that
/// is not a column header, followed by the features and the label of each row.
/// </summary>
public static class SklearnDatasets
{
    /// <summary>Default location: <c>$MLSPARSE_DATA/sklearn</c>.</summary>
    public static string DefaultDirectory => DataPaths.Under("sklearn");

    /// <summary>8×8 handwritten digits: 1,797 rows, 64 features (0-16, not scaled), 10 classes.</summary>
    public static LabeledVectors Digits(int? maxRows = null, string? directory = null) =>
        ReadHeaderless("digits", Path.Combine(directory ?? DefaultDirectory, "digits.csv.gz"), 64,
            Enumerable.Range(0, 10).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray(), maxRows);

    /// <summary>Iris: 150 rows, 4 features, 3 classes.</summary>
    public static LabeledVectors Iris(string? directory = null) => ReadWithSizeLine("iris", Path.Combine(directory ?? DefaultDirectory, "iris.csv"));

    /// <summary>Wine: 178 rows, 13 features, 3 classes.</summary>
    public static LabeledVectors Wine(string? directory = null) => ReadWithSizeLine("wine", Path.Combine(directory ?? DefaultDirectory, "wine_data.csv"));

    /// <summary>Breast cancer (Wisconsin): 569 rows, 30 features, 2 classes (malignant, benign).</summary>
    public static LabeledVectors BreastCancer(string? directory = null) => ReadWithSizeLine("breast_cancer", Path.Combine(directory ?? DefaultDirectory, "breast_cancer.csv"));

    /// <summary>Reads a CSV without header: <paramref name="featureCount"/> values then the integer label on each line.</summary>
    public static LabeledVectors ReadHeaderless(string name, string path, int featureCount, IReadOnlyList<string> classNames, int? maxRows = null)
    {
        var features = new List<float[]>();
        var labels = new List<int>();
        int lineNumber = 0;
        foreach (string line in Lines(path))
        {
            lineNumber++;
            if (line.Length == 0)
                continue;
            if (features.Count == maxRows)
                break;
            ParseRow(path, lineNumber, line, featureCount, classNames.Count, features, labels);
        }
        return new LabeledVectors(name, featureCount, features.ToArray(), labels.ToArray(), classNames);
    }

    /// <summary>Reads a CSV whose first line is <c>n_samples,n_features,class names...</c>; checks the row count it declares.</summary>
    public static LabeledVectors ReadWithSizeLine(string name, string path)
    {
        using var lines = Lines(path).GetEnumerator();
        if (!lines.MoveNext())
            throw new InvalidDataException($"'{path}' is empty.");
        var first = lines.Current.Split(',');
        if (first.Length < 4 || !int.TryParse(first[0], NumberStyles.None, CultureInfo.InvariantCulture, out int rows)
            || !int.TryParse(first[1], NumberStyles.None, CultureInfo.InvariantCulture, out int featureCount) || featureCount <= 0)
            throw new InvalidDataException($"'{path}' must start with 'n_samples,n_features,class names...', found '{lines.Current}'.");
        var classNames = first[2..].Select(n => n.Trim()).ToArray();
        var features = new List<float[]>();
        var labels = new List<int>();
        int lineNumber = 1;
        while (lines.MoveNext())
        {
            lineNumber++;
            if (lines.Current.Length > 0)
                ParseRow(path, lineNumber, lines.Current, featureCount, classNames.Length, features, labels);
        }
        if (features.Count != rows)
            throw new InvalidDataException($"'{path}' declares {rows} rows but has {features.Count}.");
        return new LabeledVectors(name, featureCount, features.ToArray(), labels.ToArray(), classNames);
    }

    private static void ParseRow(string path, int lineNumber, string line, int featureCount, int classCount, List<float[]> features, List<int> labels)
    {
        var parts = line.Split(',');
        if (parts.Length != featureCount + 1)
            throw new InvalidDataException($"Line {lineNumber} of '{path}' has {parts.Length} values, expected {featureCount} features and a label.");
        var row = new float[featureCount];
        for (int i = 0; i < featureCount; i++)
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out row[i]) || !float.IsFinite(row[i]))
                throw new InvalidDataException($"Line {lineNumber} of '{path}': value {i + 1} ('{parts[i]}') is not a finite number.");
        if (!double.TryParse(parts[featureCount], NumberStyles.Float, CultureInfo.InvariantCulture, out double label) || label != Math.Floor(label) || label < 0 || label >= classCount)
            throw new InvalidDataException($"Line {lineNumber} of '{path}': label '{parts[featureCount]}' is not a class index in [0, {classCount}).");
        features.Add(row);
        labels.Add((int)label);
    }

    private static IEnumerable<string> Lines(string path)
    {
        DataPaths.Require(path);
        using var file = File.OpenRead(path);
        int b0 = file.ReadByte(), b1 = file.ReadByte();
        file.Position = 0;
        using Stream stream = b0 == 0x1F && b1 == 0x8B ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
            yield return line.Trim();
    }
}
