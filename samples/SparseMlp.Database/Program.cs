// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

// Trains a sparse MLP from a SQLite database through ML.NET's DatabaseLoader and writes predictions back to a table.
// The database is created from scikit-learn's wine data set (installed by build/setup).
// Usage: dotnet run -c Release --project samples/SparseMlp.Database [-- --database wine.db --model wine-model.zip | --help]
using Microsoft.ML.Sparse.Samples.Database;

if (SampleSettings.Parse(args, out int exitCode) is not { } settings)
    return exitCode;
string database = settings.Database, model = settings.Model;
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
