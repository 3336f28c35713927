// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

/// <summary>Command line of the sample (System.CommandLine): --verses N, --epochs N, --help.</summary>
internal sealed record SampleSettings(int Verses, int Epochs)
{
    /// <summary>
    /// Parses the arguments. Returns null after printing the help (exit code 0) or the errors with their fix (exit code 2).
    /// </summary>
    public static SampleSettings? Parse(string[] args, out int exitCode)
    {
        var verses = new Option<int>("--verses")
        {
            Description = "Training verses (the first N of the chapter-split training set).",
            HelpName = "N",
            DefaultValueFactory = _ => 6000,
            CustomParser = PositiveInteger,
        };
        var epochs = new Option<int>("--epochs")
        {
            Description = "Training epochs (early stopping after 2 epochs without a better validation loss).",
            HelpName = "N",
            DefaultValueFactory = _ => 3,
            CustomParser = PositiveInteger,
        };
        var command = new RootCommand("Trains a tiny sparse language model (CHTss, 30% density) on the King James Bible, " +
            "prints generated text, the held-out perplexity and the most and least likely held-out verses.") { verses, epochs };
        var parsed = command.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
                Console.Error.WriteLine(error.Message);
            Console.Error.WriteLine("Run with --help to see the options.");
            exitCode = 2;
            return null;
        }
        if (parsed.Action is not null)
        {
            exitCode = parsed.Invoke(); // --help or --version
            return null;
        }
        exitCode = 0;
        return new SampleSettings(parsed.GetValue(verses), parsed.GetValue(epochs));
    }

    private static int PositiveInteger(ArgumentResult result)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0)
            return value;
        string name = result.Parent is OptionResult option ? option.Option.Name : "the value";
        result.AddError($"{name} needs a positive whole number, e.g. {name} 10; got '{text}'.");
        return 0;
    }
}
