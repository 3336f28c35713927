// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using System.IO.Compression;

namespace Microsoft.ML.Sparse.Samples.Datasets;

/// <summary>
/// scikit-learn's diabetes regression table (442 rows, 10 raw features, disease progression target; BSD-3), from
/// <c>diabetes_data_raw.csv.gz</c> and <c>diabetes_target.csv.gz</c> that build/setup extracts into $MLSPARSE_DATA/sklearn.
/// </summary>
public static class SklearnDiabetes
{
    /// <summary>Features (space-separated raw values) and targets.</summary>
    public static (float[][] Features, float[] Targets) Load(string? directory = null)
    {
        string dir = directory ?? SklearnDatasets.DefaultDirectory;
        var x = Lines(Path.Combine(dir, "diabetes_data_raw.csv.gz"))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        var y = Lines(Path.Combine(dir, "diabetes_target.csv.gz")).Select(l => float.Parse(l, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
        if (x.Length != y.Length)
            throw new InvalidDataException($"diabetes: {x.Length} feature rows but {y.Length} targets.");
        return (x, y);
    }

    private static IEnumerable<string> Lines(string path)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        while (reader.ReadLine() is { } line)
            if (line.Trim().Length > 0)
                yield return line.Trim();
    }
}
