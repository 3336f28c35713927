// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Samples.Datasets;

namespace Microsoft.ML.Sparse.Samples.SpamAssassin;

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
