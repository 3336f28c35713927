// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Samples.Datasets;

namespace Microsoft.ML.Sparse.Samples.SpamAssassin;

/// <summary>One e-mail as an ML.NET row: the text to classify and its label ("ham" or "spam").</summary>
public sealed class Email
{
    /// <summary>Subject and readable body text.</summary>
    public string Text { get; set; } = "";

    /// <summary>"ham" or "spam" (empty when predicting).</summary>
    public string Label { get; set; } = "";
}

/// <summary>The columns of a prediction read by the PredictionEngine.</summary>
public sealed class SpamPrediction
{
    /// <summary>Class probabilities, in the order of the label's key values.</summary>
    public float[] Score { get; set; } = Array.Empty<float>();
}

/// <summary>Seeded stratified train/test split of the corpus.</summary>
public static class Emails
{
    /// <summary>Takes <paramref name="testFraction"/> of each class (seeded shuffle) for the test set; training rows are shuffled.</summary>
    public static (List<Email> Train, List<Email> Test) StratifiedSplit(IReadOnlyList<LabeledText> corpus, double testFraction, int seed)
    {
        var random = new Random(seed);
        var train = new List<Email>();
        var test = new List<Email>();
        foreach (var group in corpus.GroupBy(e => e.Label).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var items = group.Select(e => new Email { Text = e.Text, Label = e.Label }).ToArray();
            random.Shuffle(items);
            int testCount = (int)Math.Round(items.Length * testFraction);
            test.AddRange(items.Take(testCount));
            train.AddRange(items.Skip(testCount));
        }
        var shuffled = train.ToArray();
        random.Shuffle(shuffled);
        return (shuffled.ToList(), test);
    }
}

/// <summary>Prints one line per epoch (progress is reported on the training thread).</summary>
internal sealed class ConsoleProgress(string name) : IProgress<SparseTrainingProgress>
{
    public void Report(SparseTrainingProgress value)
    {
        if (value.Kind == TrainingProgressKind.Epoch)
            Console.WriteLine($"  {name}: epoch {value.Epoch}/{value.TotalEpochs}, loss {value.TrainingLoss:F4}, density {value.Density:P0}, {value.Elapsed.TotalSeconds:F0} s");
    }
}
