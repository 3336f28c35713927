// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Microsoft.ML.Sparse.MicroBenchmarks;

/// <summary>
/// A short job for a shared 2-core machine: in process (no generated project to build and no second copy of libtorch),
/// 1 launch, 2 warm-up and 7 measured iterations of about 250 ms each; allocations per call (MemoryDiagnoser); GitHub
/// Markdown reports under artifacts/micro-benchmarks/results.
/// </summary>
internal sealed class MicroBenchmarkConfig : ManualConfig
{
    /// <summary>Warm-up iterations per benchmark.</summary>
    public const int WarmupIterations = 2;

    /// <summary>Measured iterations per benchmark.</summary>
    public const int MeasuredIterations = 7;

    /// <summary>The job, the memory diagnoser, the GitHub Markdown exporter and the artifacts folder.</summary>
    public MicroBenchmarkConfig()
    {
        Add(DefaultConfig.Instance);
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(WarmupIterations)
            .WithIterationCount(MeasuredIterations)
            .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250))
            .WithId("ShortInProcess"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddExporter(MarkdownExporter.GitHub);
        ArtifactsPath = Path.Combine(Directory.GetCurrentDirectory(), "artifacts", "micro-benchmarks");
    }
}
