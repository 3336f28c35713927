// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>One benchmark: runs, then writes its report files into the output folder.</summary>
internal interface IBenchmark
{
    /// <summary>Name used on the command line.</summary>
    string Name { get; }

    /// <summary>One line shown by --help and --list.</summary>
    string Description { get; }

    /// <summary>The benchmark's own options, shown by <c>&lt;name&gt; --help</c> (null: none documented there yet).</summary>
    string? Usage => null;

    /// <summary>Runs the benchmark; <paramref name="args"/> are the arguments after the name.</summary>
    void Run(string outputDirectory, string[] args);
}
