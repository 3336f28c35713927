// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

// Trains a tiny sparse language model (LLaMA-shaped decoder, CHTss down to 30% density) on verses of the King James
// Bible, then prints generated text, the held-out perplexity and the most and least likely held-out verses: a per-text
// likelihood is a feature for flagging unusual text. Verses are split by chapter, so no held-out verse shares a chapter
// with a training verse. Needs the Bible modules that build/setup installs (sword-text-kjv).
//
//   dotnet run -c Release --project samples/SparseLanguageModel.Bible                   # a few minutes on 2 cores
//   dotnet run -c Release --project samples/SparseLanguageModel.Bible -- --verses 20000 --epochs 4
//   dotnet run -c Release --project samples/SparseLanguageModel.Bible -- --sentencepiece tokenizer.model   # your tokenizer
//   dotnet run -c Release --project samples/SparseLanguageModel.Bible -- --help           # the options and their defaults
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Sparse;
using Microsoft.ML.Sparse.Samples.Datasets;

if (SampleSettings.Parse(args, out int exitCode) is not { } settings)
    return exitCode;
LanguageModelTokenizer? tokenizer;
try
{
    tokenizer = settings.Tokenizer();
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
var split = BibleVersePairs.ReadSplit(seed: 1);
var train = split.Train.Take(settings.Verses).Select(p => new Verse { Text = p.Source }).ToList();
var validation = split.Validation.Take(300).Select(p => new Verse { Text = p.Source }).ToList();
var heldOut = split.Test.Take(500).Select(p => new Verse { Text = p.Source }).ToList();
Console.WriteLine($"King James Bible: {train.Count} training verses, {validation.Count} validation, {heldOut.Count} held-out (split by chapter)");

var ml = new MLContext(seed: 1);
var options = new SparseLanguageModelOptions
{
    ModelDim = 64,
    Heads = 4,
    FeedForwardDim = 176,
    Layers = 2,
    VocabularySize = 1000,
    MaxTokens = 64,
    NumberOfEpochs = settings.Epochs,
    EarlyStoppingPatience = 2,
    ValidationSet = ml.Data.LoadFromEnumerable(validation),
    Seed = 1,
    Progress = new ConsoleProgress(),
    Tokenizer = tokenizer,
};
if (options.Tokenizer is not null)
    Console.WriteLine($"Tokenizer: {options.Tokenizer} (instead of a 1000-subword vocabulary learnt from the verses)");
options.Topology.Method = SparseTrainingMethod.Chtss;
options.Topology.Density = 0.3;
options.Topology.UpdateInterval = 50;

var watch = Stopwatch.StartNew();
var model = ml.Transforms.Text.SparseLanguageModel(options).Fit(ml.Data.LoadFromEnumerable(train));
Console.WriteLine($"trained in {watch.Elapsed.TotalSeconds:F0} s; sparse projections at {model.Model.Density:P1} density ({model.Model.ActiveLinks:N0} links)");

Console.WriteLine("\nGenerated (sampling, temperature 0.8, top-40, seeds 1-3):");
foreach (int seed in new[] { 1, 2, 3 })
    Console.WriteLine($"  {model.Generate("And the LORD said", new TextGenerationOptions { Seed = seed, MaxNewTokens = 30 })}");
Console.WriteLine($"Greedy: {model.Generate("In the beginning", new TextGenerationOptions { Strategy = TextGenerationStrategy.Greedy, MaxNewTokens = 30 })}");

var scored = model.Transform(ml.Data.LoadFromEnumerable(heldOut));
var metrics = SparseLanguageModelEvaluator.Evaluate(scored);
Console.WriteLine($"\nHeld-out perplexity {metrics.Perplexity:F1} over {metrics.Tokens:N0} subwords of {metrics.Rows} verses");
var rows = ml.Data.CreateEnumerable<ScoredVerse>(scored, reuseRowObject: false).OrderBy(r => r.Perplexity).ToList();
Console.WriteLine("\nMost likely held-out verses (lowest perplexity):");
foreach (var r in rows.Take(5))
    Console.WriteLine($"  {r.Perplexity,7:F1}  {Shorten(r.Text)}");
Console.WriteLine("Least likely held-out verses (highest perplexity):");
foreach (var r in rows.TakeLast(5).Reverse())
    Console.WriteLine($"  {r.Perplexity,7:F1}  {Shorten(r.Text)}");

return 0;

static string Shorten(string text) => text.Length <= 100 ? text : text[..97] + "...";

/// <summary>One verse.</summary>
internal class Verse
{
    public string Text { get; set; } = "";
}

/// <summary>A verse with the columns the language model adds.</summary>
internal sealed class ScoredVerse : Verse
{
    public float LogLikelihood { get; set; }

    public int TokenCount { get; set; }

    public float Perplexity { get; set; }
}

/// <summary>Prints one line per epoch.</summary>
internal sealed class ConsoleProgress : IProgress<SparseTrainingProgress>
{
    public void Report(SparseTrainingProgress value)
    {
        if (value.Kind == TrainingProgressKind.Epoch)
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "  epoch {0}/{1}: loss {2:F3}, validation perplexity {3:F1}, density {4:P1}, {5:F0} s",
                value.Epoch, value.TotalEpochs, value.TrainingLoss, Math.Exp(value.ValidationLoss ?? double.NaN), value.Density, value.Elapsed.TotalSeconds));
    }
}
