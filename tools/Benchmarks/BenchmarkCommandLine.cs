// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.CommandLine;
using System.CommandLine.Help;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// The benchmark program's command line (System.CommandLine): one subcommand per <see cref="IBenchmark"/> with its
/// description, <c>--out DIR</c> on each, and <c>--help</c> listing them. Each benchmark still parses its own options:
/// the tokens after its name that are not <c>--out</c> or <c>--help</c> are handed to <see cref="IBenchmark.Run"/> in order.
/// </summary>
internal static class BenchmarkCommandLine
{
    /// <summary>Parses <paramref name="args"/> and runs the benchmark named there; returns the exit code.</summary>
    /// <remarks>
    /// 0 after a run, --help or --list; 1 with no arguments (the list is printed); 2 for a usage error (unknown benchmark,
    /// --out without a folder). An exception thrown by a benchmark is not caught here, so it ends the process with its stack.
    /// </remarks>
    public static int Run(IReadOnlyList<IBenchmark> benchmarks, string[] args)
    {
        var list = new Option<bool>("--list") { Description = "List the benchmarks with one line each." };
        var root = new RootCommand("Benchmarks of Microsoft.ML.Sparse: each writes a Markdown/JSON report into the --out folder. " +
            "Run <benchmark> --help for its options; those a benchmark reads itself are also listed at the top of its source file.")
        {
            list,
        };
        foreach (var benchmark in benchmarks)
            root.Subcommands.Add(Subcommand(benchmark));
        root.SetAction(parsed =>
        {
            Console.WriteLine("benchmarks:");
            foreach (var b in benchmarks)
                Console.WriteLine($"  {b.Name,-14} {b.Description}");
            return parsed.GetValue(list) ? 0 : 1;
        });

        // No response files: a benchmark argument that starts with @ is passed on as it is.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
                Console.Error.WriteLine(error.Message);
            Console.Error.WriteLine("Run with --help to list the benchmarks.");
            return 2;
        }
        int exitCode = parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        if (parsed.Action is HelpAction && benchmarks.FirstOrDefault(b => b.Name == parsed.CommandResult.Command.Name)?.Usage is { } usage)
            Console.WriteLine($"The benchmark's own options (its additional arguments):\n  {usage.ReplaceLineEndings(Environment.NewLine + "  ")}\n");
        return exitCode;
    }

    private static System.CommandLine.Command Subcommand(IBenchmark benchmark)
    {
        var output = new Option<string>("--out")
        {
            Description = "Folder the report files are written to (created when missing).",
            HelpName = "DIR",
            DefaultValueFactory = _ => "bench",
        };
        var command = new System.CommandLine.Command(benchmark.Name, benchmark.Description) { output };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parsed =>
        {
            string folder = parsed.GetValue(output)!;
            Directory.CreateDirectory(folder);
            benchmark.Run(folder, parsed.UnmatchedTokens.ToArray());
            return 0;
        });
        return command;
    }
}
