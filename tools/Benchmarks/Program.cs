// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

// Usage: dotnet run -c Release --project tools/Benchmarks -- <name> [--out <dir>] [args...]
//        dotnet run -c Release --project tools/Benchmarks -- --list
using Microsoft.ML.Sparse.Benchmarks;

var all = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface)
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name)
    .ToList();

if (args.Length == 0 || args[0] == "--list")
{
    Console.WriteLine("benchmarks:");
    foreach (var b in all)
        Console.WriteLine($"  {b.Name,-14} {b.Description}");
    return args.Length == 0 ? 1 : 0;
}

var bench = all.FirstOrDefault(b => b.Name == args[0]);
if (bench is null)
{
    Console.Error.WriteLine($"unknown benchmark '{args[0]}'; use --list");
    return 2;
}
var rest = args.Skip(1).ToList();
string output = "bench";
int o = rest.IndexOf("--out");
if (o >= 0 && o + 1 < rest.Count)
{
    output = rest[o + 1];
    rest.RemoveRange(o, 2);
}
Directory.CreateDirectory(output);
bench.Run(output, rest.ToArray());
return 0;
