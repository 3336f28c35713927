// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using System.Text;
using BenchmarkDotNet.Running;
using Microsoft.ML.Sparse.MicroBenchmarks;

// BenchmarkDotNet micro-benchmarks of the sparse MLP: single-row PredictionEngine latency (ScoringLatencyBenchmarks),
// the managed CSR training step on 1 and 2 threads (TrainingStepBenchmarks) and the CSR forward kernel against a dense
// product (CsrForwardKernelBenchmarks). From the repository root:
//   dotnet run -c Release --project tools/MicroBenchmarks -- --filter '*'
//   dotnet run -c Release --project tools/MicroBenchmarks -- --filter '*' --report bench/micro-benchmarks-report.md
// Every BenchmarkDotNet argument works (--list flat, --filter '*Step*', ...). --report FILE (this program's own) joins
// the GitHub Markdown tables of the run into FILE under a header with the date, the machine, its load and the command.
int reportAt = Array.IndexOf(args, "--report");
string? report = reportAt >= 0 && reportAt + 1 < args.Length ? args[reportAt + 1] : null;
string[] benchmarkArgs = reportAt >= 0 ? args.Where((_, i) => i != reportAt && i != reportAt + 1).ToArray() : args;
string loadAtStart = LoadAverage();
var summaries = BenchmarkSwitcher.FromAssembly(typeof(MicroBenchmarkConfig).Assembly).Run(benchmarkArgs, new MicroBenchmarkConfig()).ToArray();
if (report != null && summaries.Length > 0)
{
    var inv = CultureInfo.InvariantCulture;
    var text = new StringBuilder("# Micro-benchmarks (BenchmarkDotNet)\n\n");
    string loadAtEnd = LoadAverage();
    bool shared = FirstLoad(loadAtStart) > Environment.ProcessorCount || FirstLoad(loadAtEnd) > Environment.ProcessorCount;
    string sharing = shared
        ? "above the core count, so the machine was shared with other work while this ran and absolute times are noisy."
        : "not above the core count.";
    text.Append(string.Create(inv, $"Written {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {summaries[0].HostEnvironmentInfo.Cpu.Value.ProcessorName} ({Environment.ProcessorCount} logical cores), {System.Runtime.InteropServices.RuntimeInformation.OSDescription}. Load average (1, 5, 15 min) at the start {loadAtStart}, at the end {loadAtEnd}: "))
        .AppendLine(sharing);
    text.AppendLine().AppendLine(string.Create(inv, $"BenchmarkDotNet runs one benchmark after another (in process, {MicroBenchmarkConfig.WarmupIterations} warm-up and {MicroBenchmarkConfig.MeasuredIterations} measured iterations), so the ratios in a table were not measured interleaved; the interleaved comparisons are tools/Benchmarks' reports. What each table measures: the class comment in tools/MicroBenchmarks/<class>.cs."));
    text.AppendLine().AppendLine(string.Create(inv, $"Command: `dotnet run -c Release --project tools/MicroBenchmarks -- {string.Join(' ', args.Select(Quoted))}`."));
    foreach (var summary in summaries)
    {
        var type = summary.BenchmarksCases.FirstOrDefault()?.Descriptor.Type;
        string file = Path.Combine(summary.ResultsDirectoryPath, type?.FullName + "-report-github.md");
        if (type != null && File.Exists(file))
            text.AppendLine().AppendLine("## " + type.Name).AppendLine().Append(File.ReadAllText(file));
    }
    File.WriteAllText(report, text.ToString());
    Console.WriteLine("report: " + report);
}

static string Quoted(string arg) => arg.Any(c => c is '*' or ' ' or '?') ? $"'{arg}'" : arg;

static double FirstLoad(string load) => double.TryParse(load.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : 0;

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
