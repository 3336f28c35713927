// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Microsoft.ML.Sparse.Samples.ScoreOnly;

/// <summary>
/// Command line of the app (System.CommandLine): <c>&lt;model.zip&gt; &lt;feature,feature,...&gt;</c> scores one row,
/// <c>--train &lt;model.zip&gt;</c> trains and saves a small sparse MLP, <c>--help</c> prints both.
/// </summary>
internal sealed record ScoreOnlyCommandLine(string? TrainPath, string? ModelPath, float[]? Features)
{
    /// <summary>
    /// Parses the arguments. Returns null after printing the help (exit code 0) or the errors with their fix (exit code 2).
    /// </summary>
    public static ScoreOnlyCommandLine? Parse(string[] args, out int exitCode)
    {
        var train = new Option<string?>("--train")
        {
            Description = "Train a small sparse MLP in this process (which ships without libtorch) and save it to this zip instead of scoring.",
            HelpName = "model.zip",
        };
        var model = new Argument<string?>("model.zip") { Description = "A saved sparse multiclass model.", Arity = ArgumentArity.ZeroOrOne };
        var features = new Argument<float[]?>("features")
        {
            Description = "The row to score: the model's feature values, comma-separated, e.g. 0.5,-1,2.25.",
            Arity = ArgumentArity.ZeroOrOne,
            CustomParser = ParseFeatures,
        };
        var command = new RootCommand("Scores one row with a saved sparse multiclass model.zip in a process that never loads " +
            "libtorch, and prints one JSON object. Exit code 0: scored without TorchSharp's native library; 3: a libtorch " +
            "library was mapped; 4: TorchSharp was loaded by anything but ML.NET's type scan; 2: a usage error.")
        {
            train, model, features,
        };
        command.Validators.Add(result =>
        {
            bool training = result.GetValue(train) is not null, scoring = result.GetValue(model) is not null || result.GetResult(features) is not null;
            if (training && scoring)
                result.AddError("--train takes only the zip to write: SparseMlp.ScoreOnly --train <model.zip>.");
            else if (!training && (result.GetValue(model) is null || result.GetResult(features) is null))
                result.AddError("Give a model and the row to score: SparseMlp.ScoreOnly <model.zip> <feature,feature,...>, or --train <model.zip>.");
        });
        if (SampleCommandLine.Parse(command, args, out exitCode, helpTopic: "usage") is not { } parsed)
            return null;
        return new ScoreOnlyCommandLine(parsed.GetValue(train), parsed.GetValue(model), parsed.GetValue(features));
    }

    private static float[]? ParseFeatures(ArgumentResult result)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        var values = new List<float>();
        foreach (string part in text.Split(','))
        {
            if (!float.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
            {
                result.AddError($"The features must be numbers separated by commas, e.g. 0.5,-1,2.25; '{part}' is not a number.");
                return null;
            }
            values.Add(value);
        }
        return values.ToArray();
    }
}
