// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

/// <summary>
/// Command line of the sample (System.CommandLine): <c>--epochs N</c>, <c>--max-words N</c> (longest verse used, per
/// side), <c>--density D</c> (CHTss's final density), <c>--test N</c> (test verses scored), <c>--threads N</c>, <c>--help</c>.
/// </summary>
internal sealed record SampleSettings(int Epochs, int MaxWords, double Density, int TestVerses, int Threads)
{
    /// <summary>Parses the arguments. Returns null after printing the help (exit code 0) or the errors with their fix (exit code 2).</summary>
    public static SampleSettings? Parse(string[] args, out int exitCode)
    {
        var epochs = Positive("--epochs", "Training epochs of each model.", 3);
        var maxWords = Positive("--max-words", "Longest verse used, in words per side.", 30);
        var test = Positive("--test", "Test verses translated and scored.", 300);
        var threads = Positive("--threads", "Training threads (one is often fastest on a busy machine).", 1);
        var density = new Option<double>("--density")
        {
            Description = "CHTss's final density (it starts at 50%).",
            HelpName = "D",
            DefaultValueFactory = _ => 0.3,
            CustomParser = Fraction,
        };
        var command = new RootCommand("Trains a dense and a CHTss sparse English-to-Spanish Transformer on Bible verses side by side, " +
            "then prints test BLEU, example translations, training time and model size.") { epochs, maxWords, density, test, threads };
        if (SampleCommandLine.Parse(command, args, out exitCode) is not { } parsed)
            return null;
        return new SampleSettings(parsed.GetValue(epochs), parsed.GetValue(maxWords), parsed.GetValue(density), parsed.GetValue(test), parsed.GetValue(threads));
    }

    private static Option<int> Positive(string name, string description, int fallback) => new(name)
    {
        Description = description,
        HelpName = "N",
        DefaultValueFactory = _ => fallback,
        CustomParser = PositiveInteger,
    };

    private static int PositiveInteger(ArgumentResult result)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0)
            return value;
        string name = result.Parent is OptionResult option ? option.Option.Name : "the value";
        result.AddError($"{name} needs a positive whole number, e.g. {name} 5; got '{text}'.");
        return 0;
    }

    private static double Fraction(ArgumentResult result)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0 && value <= 1)
            return value;
        result.AddError($"--density needs a fraction in (0, 1], e.g. --density 0.3; got '{text}'.");
        return 0;
    }
}
