// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

// Trains a sparse MLP from a SQLite database through ML.NET's DatabaseLoader and writes predictions back to a table.
// The database is created from scikit-learn's wine data set (installed by build/setup).
// Usage: dotnet run -c Release --project samples/SparseMlp.Database [-- --database wine.db --model wine-model.zip]
using Microsoft.ML.Sparse.Samples.Database;

string database = Option("--database", "wine.db"), model = Option("--model", "wine-model.zip");
try
{
    var result = DatabaseSample.Run(Path.GetFullPath(database), Path.GetFullPath(model), Console.Out);
    Console.WriteLine($"query the predictions: sqlite3 {database} \"SELECT * FROM wine_predictions LIMIT 5\"");
    return result.SqlAccuracy > 0 ? 0 : 1;
}
catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
{
    Console.Error.WriteLine($"The wine data set is not installed ({e.Message}). Run: bash build/setup");
    return 3;
}

string Option(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
