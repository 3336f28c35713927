// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Microsoft.ML.Sparse.Samples.SpamAssassin;

/// <summary>Command line of the sample (System.CommandLine): --epochs N, --full, --out DIR, --threads N, --help.</summary>
internal sealed record SampleSettings(bool Full, int Epochs, string OutputDirectory, int Threads)
{
    /// <summary>
    /// Parses the arguments. Returns null after printing the help (exit code 0) or the errors with their fix (exit code 2).
    /// </summary>
    public static SampleSettings? Parse(string[] args, out int exitCode)
    {
        var full = new Option<bool>("--full")
        {
            Description = "All 4,837 training e-mails, 8 epochs, d_model 128 (the library's default shape) instead of " +
                "2,000 e-mails, 3 epochs and d_model 64 (a few minutes on 2 cores).",
        };
        var epochs = new Option<int?>("--epochs")
        {
            Description = "Training epochs per model [default: 3, 8 with --full].",
            HelpName = "N",
            CustomParser = result => Integer(result, minimum: 1, "a positive whole number, e.g. --epochs 5"),
        };
        var output = new Option<string>("--out")
        {
            Description = "Folder the three model zips are kept in.",
            HelpName = "DIR",
            DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "sparse-text-transformer-spamassassin"),
        };
        var threads = new Option<int>("--threads")
        {
            Description = "libtorch intra-op threads (0 = libtorch's choice). On a busy 2-core machine one thread was about " +
                "8x faster than two for these small models (OpenMP threads spin-wait for each other); on an idle one two win.",
            HelpName = "N",
            DefaultValueFactory = _ => 1,
            CustomParser = result => Integer(result, minimum: 0, "0 (libtorch's choice) or a positive number of threads, e.g. --threads 2") ?? 0,
        };
        var command = new RootCommand("Trains the sparse Transformer text classifier on SpamAssassin (ham vs spam) dense, " +
            "with CHTs and with CHTss at 10% density, compares them on held-out e-mails, then reloads the CHTss model and " +
            "classifies two e-mails. Needs the corpus installed by build/setup.")
        {
            epochs, full, output, threads,
        };
        if (SampleCommandLine.Parse(command, args, out exitCode) is not { } parsed)
            return null;
        bool isFull = parsed.GetValue(full);
        return new SampleSettings(isFull, parsed.GetValue(epochs) ?? (isFull ? 8 : 3), parsed.GetValue(output)!, parsed.GetValue(threads));
    }

    private static int? Integer(ArgumentResult result, int minimum, string expected)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= minimum)
            return value;
        string name = result.Parent is OptionResult option ? option.Option.Name : "the value";
        result.AddError($"{name} needs {expected}; got '{text}'.");
        return null;
    }
}
