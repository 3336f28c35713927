// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

// Trains three English→German translators on the Ding dictionary's sentence pairs: a dense Transformer and sparse
// ones at 10% density trained with CHTs and CHTss, then prints test BLEU, training time and model-zip size side by side.
//
//   dotnet run -c Release --project samples/SparseTranslation.DingEnDe                # short run (a few minutes on 2 cores)
//   dotnet run -c Release --project samples/SparseTranslation.DingEnDe -- --epochs 10  # more epochs
//   dotnet run -c Release --project samples/SparseTranslation.DingEnDe -- --full       # all 10,000 short pairs, 10 epochs
//
// Only pairs with at most 8 words per side are used (10,000 of the 17,134 training pairs): they train fastest.
//
// On a machine busy with other work, OMP_NUM_THREADS=1 (one libtorch thread) is much faster than the default two.
// BLEU stays low on this small, varied corpus with a CPU budget; bench/translation-report.md has measured numbers.
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Sparse;
using Microsoft.ML.Sparse.Samples.Datasets;

var settings = SampleSettings.Parse(args);
var split = DingSentencePairs.ReadSplit(seed: 1, validationCount: 500, testCount: 1000);
static bool Short(SentencePair p) => p.Source.Split(' ').Length <= 8 && p.Target.Split(' ').Length <= 8;
var train = split.Train.Where(Short).Take(settings.TrainPairs).Select(p => new SentencePairRow { Source = p.Source, Target = p.Target }).ToList();
var test = split.Test.Where(Short).Take(settings.TestPairs).Select(p => new SentencePairRow { Source = p.Source, Target = p.Target }).ToList();
Console.WriteLine($"Ding EN-DE (pairs of at most 8 words): {train.Count} training pairs, {test.Count} test pairs; d_model 64, {settings.Epochs} epochs, density 10%");

var ml = new MLContext(seed: 1);
var trainData = ml.Data.LoadFromEnumerable(train);
var testData = ml.Data.LoadFromEnumerable(test);
var results = new List<(string Name, double Bleu, double Bleu2, TimeSpan Time, long ZipBytes, string Density)>();
foreach (var method in new[] { SparseTrainingMethod.Dense, SparseTrainingMethod.Chts, SparseTrainingMethod.Chtss })
{
    var options = new SparseTranslationOptions
    {
        NumberOfEpochs = settings.Epochs,
        ModelDim = 64,
        FeedForwardDim = 256,
        VocabularySize = 2000,
        MaxTokens = 64,
        BatchSize = 32,
        Seed = 1,
        Progress = new ConsoleProgress(method),
    };
    options.Topology.Method = method;
    options.Topology.Density = 0.1;

    var watch = Stopwatch.StartNew();
    var model = ml.Transforms.Text.SparseTranslation(options).Fit(trainData);
    var time = watch.Elapsed;

    // Evaluate: translate the test sources into PredictedTarget and compare with the reference Target column.
    var translated = model.Transform(testData);
    var bleu = SparseTranslationEvaluator.Evaluate(translated);
    var bleu2 = SparseTranslationEvaluator.Evaluate(translated, maxOrder: 2); // 1- and 2-grams: less noisy at low scores
    using var zip = new MemoryStream();
    ml.Model.Save(model, trainData.Schema, zip);
    results.Add((method.ToString(), bleu.Score, bleu2.Score, time, zip.Length, model.Model.Density.ToString("P1", CultureInfo.InvariantCulture)));
    Console.WriteLine($"{method}: {bleu}");
    foreach (var row in test.Take(3))
        Console.WriteLine($"  {row.Source}\n    → {model.Translate(row.Source)}\n    (reference: {row.Target})");
}

Console.WriteLine();
Console.WriteLine($"{"method",-8} {"density",8} {"BLEU",7} {"BLEU-2",7} {"training",10} {"zip",10}");
foreach (var r in results)
    Console.WriteLine($"{r.Name,-8} {r.Density,8} {r.Bleu,7:F2} {r.Bleu2,7:F2} {r.Time.TotalSeconds,9:F0}s {r.ZipBytes / 1024.0,8:F0}KB");

/// <summary>One sentence pair of the Ding dictionary.</summary>
internal sealed class SentencePairRow
{
    public string Source { get; set; } = "";

    public string Target { get; set; } = "";
}

/// <summary>Command line: --epochs N, --full.</summary>
internal sealed record SampleSettings(int TrainPairs, int TestPairs, int Epochs)
{
    public static SampleSettings Parse(string[] args)
    {
        var settings = args.Contains("--full") ? new SampleSettings(int.MaxValue, 1000, 10) : new SampleSettings(5000, 300, 5);
        int i = Array.IndexOf(args, "--epochs");
        if (i >= 0)
        {
            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out int epochs) || epochs < 1)
                throw new ArgumentException("--epochs needs a positive number, e.g. --epochs 10");
            settings = settings with { Epochs = epochs };
        }
        return settings;
    }
}

/// <summary>Prints one line per epoch.</summary>
internal sealed class ConsoleProgress(SparseTrainingMethod method) : IProgress<SparseTrainingProgress>
{
    public void Report(SparseTrainingProgress value)
    {
        if (value.Kind == TrainingProgressKind.Epoch)
            Console.WriteLine($"  {method} epoch {value.Epoch}/{value.TotalEpochs}: loss {value.TrainingLoss:F3}, density {value.Density:P1}, {value.Elapsed.TotalSeconds:F0} s");
    }
}
