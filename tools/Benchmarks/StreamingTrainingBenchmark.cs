// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.ML.Data;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// Streaming training (SparseMlpOptions.StreamingBlockRows) against the in-memory path on a synthetic CSV file several
/// times larger than the block cap: peak resident memory above the process's resident size before Fit, test accuracy
/// and seconds, one process, one seed. Writes bench/streaming-report-ROWS-rows.md. Usage:
/// streaming [--rows 300000] [--cap 25600] [--epochs 2]
/// </summary>
internal sealed class StreamingTrainingBenchmark : IBenchmark
{
    private const int Features = 64;

    public string Name => "streaming";

    public string Description => "streamed (StreamingBlockRows) vs in-memory MLP training on a synthetic CSV: peak memory, accuracy";

    public void Run(string outputDirectory, string[] args)
    {
        int rows = Argument(args, "--rows", 300_000), cap = Argument(args, "--cap", 25_600), epochs = Argument(args, "--epochs", 2);
        string folder = Path.Combine(Path.GetTempPath(), "mlsparse-streaming-bench");
        Directory.CreateDirectory(folder);
        string trainFile = Path.Combine(folder, "train.csv"), testFile = Path.Combine(folder, "test.csv");
        Write(trainFile, rows, seed: 1);
        Write(testFile, 20_000, seed: 2);
        var ml = new MLContext(1);
        var loader = ml.Data.CreateTextLoader(new[]
        {
            new TextLoader.Column("Label", DataKind.UInt32, 0),
            new TextLoader.Column("Features", DataKind.Single, 1, Features),
        }, separatorChar: ',');
        var keys = ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue);
        var train = loader.Load(trainFile);
        var keyMap = keys.Fit(train);
        train = keyMap.Transform(train);
        var test = keyMap.Transform(loader.Load(testFile));

        var lines = new List<string>();
        foreach (int? blockRows in new int?[] { cap, null })
        {
            var options = new SparseMlpOptions
            {
                HiddenLayerSizes = new[] { 128, 128 }, NumberOfEpochs = epochs, BatchSize = 32, Seed = 5, Engine = SparseTrainingEngine.Managed,
                FeatureEncoding = FeatureEncoding.None, StreamingBlockRows = blockRows,
                Topology = new SparseTopologyOptions { Method = SparseTrainingMethod.Chts, Density = 0.2 },
            };
            ProcessMemory.ResetPeak();
            long before = ProcessMemory.CurrentBytes();
            var watch = Stopwatch.StartNew();
            var model = ml.MulticlassClassification.Trainers.SparseMlp(options).Fit(train);
            double seconds = watch.Elapsed.TotalSeconds;
            long peak = ProcessMemory.PeakBytes();
            double accuracy = ml.MulticlassClassification.Evaluate(model.Transform(test)).MicroAccuracy;
            string line = string.Format(CultureInfo.InvariantCulture, "| {0} | {1:F0} | {2:F2}% | {3:F1} |",
                blockRows is null ? "in memory" : $"streamed, blocks of {blockRows} rows", (peak - before) / 1048576.0, accuracy * 100, seconds);
            Console.WriteLine(line);
            lines.Add(line);
        }
        var report = new StringBuilder();
        report.AppendLine("# Streaming training vs in-memory (SparseMlpOptions.StreamingBlockRows)");
        report.AppendLine();
        report.AppendLine(string.Format(CultureInfo.InvariantCulture,
            "Synthetic 4-class task (classes from the signs of x0·x1 and x2 + x3, {0} features in [-1, 1]), {1:N0} training rows in a CSV " +
            "file read by ML.NET's TextLoader ({2:F0} MB as floats: {3:F1}x the block of {4:N0} rows), 20,000 test rows; MLP {0}-128-128-4, " +
            "CHTs at 20%, {5} epochs, batch 32, seed 5, managed engine. Peak memory: the process's peak resident set (VmHWM, reset before each " +
            "Fit) minus its resident set before Fit. One run each in one process on the 2-core machine shared with other jobs (seconds are indicative only). " +
            "Command: `dotnet run -c Release --project tools/Benchmarks -- streaming --rows {1} --cap {4} --epochs {5}`.",
            Features, rows, rows * (double)Features * 4 / 1048576, (double)rows / cap, cap, epochs));
        report.AppendLine();
        report.AppendLine("| path | peak memory above the start of Fit (MB) | test accuracy | seconds |");
        report.AppendLine("|---|---|---|---|");
        foreach (var line in lines)
            report.AppendLine(line);
        File.WriteAllText(Path.Combine(outputDirectory, $"streaming-report-{rows}-rows.md"), report.ToString());
        File.Delete(trainFile);
        File.Delete(testFile);
    }

    private static void Write(string path, int rows, int seed)
    {
        var random = new Random(seed);
        using var writer = new StreamWriter(path);
        var x = new float[Features];
        var line = new StringBuilder();
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < Features; j++)
                x[j] = (float)(random.NextDouble() * 2 - 1);
            int label = (x[0] * x[1] > 0 ? 1 : 0) + (x[2] + x[3] > 0 ? 2 : 0);
            line.Clear().Append(label);
            foreach (float v in x)
                line.Append(',').Append(v.ToString("G6", CultureInfo.InvariantCulture));
            writer.WriteLine(line);
        }
    }

    private static int Argument(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
