// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.CommandLine;

namespace Microsoft.ML.Sparse.Samples.Database;

/// <summary>Command line of the sample (System.CommandLine): --database FILE, --model FILE, --help.</summary>
internal sealed record SampleSettings(string Database, string Model)
{
    /// <summary>
    /// Parses the arguments. Returns null after printing the help (exit code 0) or the errors with their fix (exit code 2).
    /// </summary>
    public static SampleSettings? Parse(string[] args, out int exitCode)
    {
        var database = new Option<string>("--database")
        {
            Description = "SQLite database file: created from the wine data set, then the predictions are written to its wine_predictions table.",
            HelpName = "FILE",
            DefaultValueFactory = _ => "wine.db",
        };
        var model = new Option<string>("--model")
        {
            Description = "Where the trained model zip is saved.",
            HelpName = "FILE",
            DefaultValueFactory = _ => "wine-model.zip",
        };
        foreach (var (option, example) in new[] { (database, "wine.db"), (model, "wine-model.zip") })
            option.Validators.Add(result =>
            {
                if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
                    result.AddError($"{option.Name} needs a file name, e.g. {option.Name} {example}.");
            });
        var command = new RootCommand("Trains a sparse MLP from a SQLite database through ML.NET's DatabaseLoader and writes " +
            "predictions back to a table (scikit-learn's wine data set, installed by build/setup).") { database, model };
        if (SampleCommandLine.Parse(command, args, out exitCode) is not { } parsed)
            return null;
        return new SampleSettings(parsed.GetValue(database)!, parsed.GetValue(model)!);
    }
}
