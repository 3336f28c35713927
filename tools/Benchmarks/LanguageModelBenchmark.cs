// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.ML.Sparse.Samples.Datasets;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// A short language-model comparison on the King James Bible (English verses from the SWORD module build/setup
/// installs), split by chapter: the same small LLaMA-shaped decoder trained dense and sparse (CHTss at 30% by default),
/// one seed each, the same budget; validation perplexity per epoch, held-out test perplexity with a paired bootstrap
/// interval of the perplexity ratio, and tokens/s. Writes language-model-report.md/.json.
/// </summary>
/// <remarks>Arguments: --verses N (training verses, default 8000), --epochs N (default 3), --methods dense,chtss
/// (also chts, set, rigl, static), --density D (default 0.3), --seed S (default 1), --model-dim D (default 64),
/// --layers N (decoder blocks, default 2).</remarks>
internal sealed class LanguageModelBenchmark : IBenchmark
{
    private const int Resamples = 1000;

    public string Name => "language-model";

    public string Description => "sparse decoder-only LM on the KJV Bible: dense vs CHTss 30%, perplexity and tokens/s -> language-model-report.md";

    public void Run(string outputDirectory, string[] args)
    {
        int verses = Int(args, "--verses", 8000), epochs = Int(args, "--epochs", 3), seed = Int(args, "--seed", 1), modelDim = Int(args, "--model-dim", 64);
        int layers = Int(args, "--layers", 2);
        double density = double.Parse(Arg(args, "--density") ?? "0.3", CultureInfo.InvariantCulture);
        var methods = (Arg(args, "--methods") ?? "dense,chtss").Split(',').Select(m => Enum.Parse<SparseTrainingMethod>(m, ignoreCase: true)).ToList();
        var split = BibleVersePairs.ReadSplit(seed: 1);
        var train = split.Train.Take(verses).Select(p => new Line { Text = p.Source }).ToList();
        var validation = split.Validation.Take(500).Select(p => new Line { Text = p.Source }).ToList();
        var test = split.Test.Take(1500).Select(p => p.Source).ToList();
        Console.WriteLine($"KJV: {train.Count} training, {validation.Count} validation, {test.Count} test verses (split by chapter)");

        var runs = new List<LanguageModelRun>();
        foreach (var method in methods)
        {
            var ml = new MLContext(seed: seed);
            var options = new SparseLanguageModelOptions
            {
                ModelDim = modelDim,
                Heads = 4,
                FeedForwardDim = (int)Math.Round(2.75 * modelDim),
                Layers = layers,
                VocabularySize = 1000,
                MaxTokens = 64,
                NumberOfEpochs = epochs,
                ValidationSet = ml.Data.LoadFromEnumerable(validation),
                Seed = seed,
            };
            options.Topology.Method = method;
            options.Topology.Density = method == SparseTrainingMethod.Dense ? 1 : density;
            var watch = Stopwatch.StartNew();
            var model = ml.Transforms.Text.SparseLanguageModel(options).Fit(ml.Data.LoadFromEnumerable(train));
            double seconds = watch.Elapsed.TotalSeconds;
            var scores = model.Score(test);
            long trainTokens = model.Score(train.Select(t => t.Text)).Sum(s => (long)s.TokenCount);
            var summary = model.TrainingSummary!;
            var run = new LanguageModelRun(method.ToString(), model.Model.Density, model.Model.ActiveLinks, seconds, trainTokens * (double)summary.Epochs.Count / seconds,
                summary.Epochs.Select(e => Math.Exp(e.ValidationLoss!.Value)).ToArray(), scores.Select(s => s.LogLikelihood).ToArray(),
                scores.Select(s => s.TokenCount).ToArray(), summary.TopologyRounds.Count);
            runs.Add(run);
            Console.WriteLine($"{run.Method}: test perplexity {run.TestPerplexity:F2}, validation {string.Join(" → ", run.ValidationPerplexity.Select(p => p.ToString("F1", CultureInfo.InvariantCulture)))}, {run.Seconds:F0} s, {run.TokensPerSecond:F0} tokens/s");

            // Written after every method, so a long comparison that is stopped keeps the runs it finished.
            File.WriteAllText(Path.Combine(outputDirectory, "language-model-report.json"), JsonSerializer.Serialize(new { verses, epochs, seed, modelDim, layers, density, runs }, new JsonSerializerOptions { WriteIndented = true }));
            File.WriteAllText(Path.Combine(outputDirectory, "language-model-report.md"), Report(runs, train.Count, validation.Count, test.Count, epochs, seed, modelDim, layers, density));
        }
    }

    private static string Report(List<LanguageModelRun> runs, int train, int validation, int test, int epochs, int seed, int modelDim, int layers, double density)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        md.AppendLine("# Sparse language model: a small-scale comparison");
        md.AppendLine();
        md.AppendLine($"Generated by `dotnet tools/Benchmarks/bin/Release/net10.0/Microsoft.ML.Sparse.Benchmarks.dll language-model` on {DateTime.UtcNow:yyyy-MM-dd}. " +
            "**Small scale on a shared machine**: one seed, a few minutes per run on a 2-core CPU that other jobs were using at the same time, so " +
            "times and tokens/s are only indicative and the perplexities carry the noise of a single seed. This is not the paper's setting " +
            "(LLaMA-60M and larger on OpenWebText, thousands of GPU steps); it shows that the trainer runs the paper's method end to end.");
        md.AppendLine();
        md.AppendLine($"Data: King James Bible verses (English, public domain, `sword-text-kjv`), split by chapter: {train} training, {validation} validation, " +
            $"{test} test verses. Model: LLaMA-shaped decoder, d_model {modelDim}, 4 heads, d_ff {Math.Round(2.75 * modelDim)}, {layers} blocks, BPE vocabulary 1000, context 64 " +
            $"({Weights(modelDim, layers):N0} weights, {Projections(modelDim, layers):N0} of them in the projections); " +
            $"{epochs} epochs, Adam 2e-3 with cosine decay, seed {seed}. Sparse: q, k, v, o, gate, up, down at {density:P0} " +
            "(CHTss from 50%, ζ 0.1, a round every 100 steps, soft removal T 1 → 9, BRF initialisation); embeddings and head dense.");
        md.AppendLine();
        md.AppendLine("| method | final density of the projections | links | test perplexity | ratio to dense [95% paired bootstrap] | validation perplexity by epoch | topology rounds | time | tokens/s |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        var dense = runs.FirstOrDefault(r => r.Method == nameof(SparseTrainingMethod.Dense));
        foreach (var r in runs)
        {
            string ratio = dense is null || ReferenceEquals(r, dense) ? "" : RatioInterval(r, dense);
            md.AppendLine(c, $"| {r.Method} | {r.Density:P1} | {r.Links:N0} | {r.TestPerplexity:F2} | {ratio} | {string.Join(" → ", r.ValidationPerplexity.Select(p => p.ToString("F1", c)))} | {r.Rounds} | {r.Seconds:F0} s | {r.TokensPerSecond:F0} |");
        }
        md.AppendLine();
        md.AppendLine("Test perplexity is pooled over all test subwords (exp of minus the summed log-likelihood over the summed subword count). " +
            "The interval resamples the test verses " + Resamples.ToString(c) + " times and scores both models on the same resample. " +
            "Tokens/s counts predicted training subwords per second of Fit (epochs × subwords / training time, validation included).");
        return md.ToString();
    }

    /// <summary>Weights of the q, k, v, o, gate, up and down projections of all blocks.</summary>
    private static long Projections(int modelDim, int layers)
    {
        long feedForward = (long)Math.Round(2.75 * modelDim);
        return layers * (4L * modelDim * modelDim + 3L * modelDim * feedForward);
    }

    /// <summary>Projections plus the token embedding and the output head (vocabulary 1000 each).</summary>
    private static long Weights(int modelDim, int layers) => Projections(modelDim, layers) + 2L * 1000 * modelDim;

    private static string RatioInterval(LanguageModelRun candidate, LanguageModelRun baseline)
    {
        var random = new Random(12345);
        int n = candidate.LogLikelihood.Length;
        var ratios = new double[Resamples];
        for (int b = 0; b < Resamples; b++)
        {
            double llC = 0, llB = 0;
            long tokens = 0;
            for (int i = 0; i < n; i++)
            {
                int j = random.Next(n);
                llC += candidate.LogLikelihood[j];
                llB += baseline.LogLikelihood[j];
                tokens += candidate.Tokens[j];
            }
            ratios[b] = Math.Exp(-(llC - llB) / tokens);
        }
        Array.Sort(ratios);
        return string.Format(CultureInfo.InvariantCulture, "{0:F3} [{1:F3}, {2:F3}]", candidate.TestPerplexity / baseline.TestPerplexity,
            ratios[(int)(0.025 * Resamples)], ratios[(int)(0.975 * Resamples) - 1]);
    }

    private static string? Arg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int Int(string[] args, string name, int fallback) => Arg(args, name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    private sealed class Line
    {
        public string Text { get; set; } = "";
    }

    private sealed record LanguageModelRun(string Method, double Density, long Links, double Seconds, double TokensPerSecond, double[] ValidationPerplexity,
        double[] LogLikelihood, int[] Tokens, int Rounds)
    {
        public double TestPerplexity => Math.Exp(-LogLikelihood.Sum() / Tokens.Sum(t => (long)t));
    }
}
