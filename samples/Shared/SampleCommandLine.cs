// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.CommandLine;

/// <summary>
/// The end of the samples' command-line parsing (System.CommandLine), linked into each sample's project: errors are
/// printed with a pointer to --help (exit code 2); --help and --version print and end the program (exit code 0).
/// A sample copied out of this repository needs this file too.
/// </summary>
internal static class SampleCommandLine
{
    /// <summary>
    /// Parses <paramref name="args"/> with <paramref name="command"/>. Returns the result to read the values from, or
    /// null when the program should end now with <paramref name="exitCode"/>.
    /// </summary>
    /// <param name="helpTopic">What --help shows, in the error hint ("Run with --help to see the options.").</param>
    public static ParseResult? Parse(RootCommand command, string[] args, out int exitCode, string helpTopic = "options")
    {
        var parsed = command.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
                Console.Error.WriteLine(error.Message);
            Console.Error.WriteLine($"Run with --help to see the {helpTopic}.");
            exitCode = 2;
            return null;
        }
        if (parsed.Action is not null)
        {
            exitCode = parsed.Invoke(); // --help or --version
            return null;
        }
        exitCode = 0;
        return parsed;
    }
}
