// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

// Usage: dotnet run -c Release --project tools/Benchmarks -- <name> [--out <dir>] [args...]
//        dotnet run -c Release --project tools/Benchmarks -- --help | --list | <name> --help
// The command line is parsed with System.CommandLine (see BenchmarkCommandLine); each benchmark reads its own args.
using Microsoft.ML.Sparse.Benchmarks;

var all = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface)
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name)
    .ToList();
return BenchmarkCommandLine.Run(all, args);
