// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

// Main job: trains a sparse MLP with CHTs at 1% density and a dense MLP on Fashion-MNIST (installed by
// build/setup), evaluates both with ML.NET, saves both model zips and prints a comparison table.
// Usage: dotnet run -c Release --project samples/SparseMlp.FashionMnist [-- --paper | --epochs N | --help]
using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Sparse;
using Microsoft.ML.Sparse.Samples.Datasets;
using Microsoft.ML.Sparse.Samples.FashionMnist;

if (SampleSettings.Parse(args, out int exitCode) is not { } settings)
    return exitCode;

LabeledVectors trainImages, testImages;
try
{
    trainImages = FashionMnist.Load(DatasetSplit.Train, settings.Rows);
    testImages = FashionMnist.Load(DatasetSplit.Test);
}
catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
{
    Console.Error.WriteLine($"Fashion-MNIST is not installed ({e.Message}). Run: bash build/setup");
    return 3;
}

var ml = new MLContext(seed: settings.Seed);
var train = trainImages.ToDataView(ml);
var test = testImages.ToDataView(ml);
Directory.CreateDirectory(settings.OutputDirectory);
Console.WriteLine($"Fashion-MNIST: {trainImages.Count} training and {testImages.Count} test images; MLP 784-1568-1568-1568-10, " +
                  $"{settings.Epochs} epoch(s){(settings.Paper ? " (paper preset)" : "")}, seed {settings.Seed}");
Console.WriteLine($"Models are saved to {settings.OutputDirectory}");

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

var latencyRows = testImages.Features.Take(500).ToArray();
var results = new List<(string Name, double Accuracy, double LogLoss, long Bytes, TimeSpan Time, double LatencyUs, string Network)>();
foreach (var (name, method) in new[] { (SampleSettings.Label(settings.Method), settings.Method), ("Dense", SparseTrainingMethod.Dense) })
{
    var options = settings.TrainerOptions(method, new ConsoleProgressBar(name));
    options.CancellationToken = cancel.Token;
    var trainer = ml.MulticlassClassification.Trainers.SparseMlp(options);
    SparseMulticlassPredictionTransformer model;
    var watch = Stopwatch.StartNew();
    try
    {
        model = trainer.Fit(train);
    }
    catch (OperationCanceledException)
    {
        Console.WriteLine("\ncancelled");
        return 130;
    }
    watch.Stop();
    var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
    string path = Path.Combine(settings.OutputDirectory, $"fashion-mnist-{name.ToLowerInvariant()}.zip");
    ml.Model.Save(model, train.Schema, path);
    double latency = LatencyMeter.MedianMicroseconds(ml, ml.Model.Load(path, out _), latencyRows);
    results.Add((name, metrics.MicroAccuracy, metrics.LogLoss, new FileInfo(path).Length, watch.Elapsed, latency, model.Model.ToString()));
    Console.WriteLine($"{name}: test accuracy {metrics.MicroAccuracy:P2}, saved {path}");
}

Console.WriteLine();
Console.WriteLine("| model | test accuracy | log-loss | model zip | training time | single-row latency |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var r in results)
    Console.WriteLine($"| {r.Name} | {r.Accuracy:P2} | {r.LogLoss:F4} | {r.Bytes / 1024.0:F0} KiB | {r.Time.TotalSeconds:F0} s | {r.LatencyUs:F0} µs |");
var sparse = results[0];
var dense = results[1];
Console.WriteLine();
Console.WriteLine($"{sparse.Name} vs dense: accuracy {100 * (sparse.Accuracy - dense.Accuracy):+0.00;-0.00} points, zip {100.0 * sparse.Bytes / dense.Bytes:F1}% of dense, " +
                  $"single-row prediction {dense.LatencyUs / sparse.LatencyUs:F1}x faster");
foreach (var r in results)
    Console.WriteLine($"  {r.Name}: {r.Network}");
return 0;
