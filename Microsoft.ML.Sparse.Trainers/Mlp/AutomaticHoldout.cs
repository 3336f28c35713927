// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse.Mlp;

/// <summary>
/// The small-table rule of <see cref="SparseMlpDefaults.AutomaticHoldoutFraction"/>: when the user set neither the
/// number of epochs nor a validation set and the table is small, a seeded share of the rows is held out so that early
/// stopping picks the epoch (a fixed step budget overfits a few hundred rows).
/// </summary>
internal static class AutomaticHoldout
{
    /// <summary>True when the rule applies to these options and this many training rows.</summary>
    public static bool Applies(SparseMlpOptions options, int rows) =>
        options.NumberOfEpochs is null && options.ValidationSet is null && options.EarlyStoppingPatience == 0
        && rows >= SparseMlpDefaults.AutomaticHoldoutMinimumRows;

    /// <summary>Splits <paramref name="data"/> into the rows trained on and the held-out rows (seeded shuffle).</summary>
    public static (TrainingData Train, TrainingData Holdout, string Choice) Split(TrainingData data, long seed)
    {
        var order = Enumerable.Range(0, data.RowCount).ToArray();
        new Random(unchecked((int)(seed ^ (seed >> 32)) ^ 0x5EED)).Shuffle(order);
        int held = Math.Max(1, (int)Math.Min(SparseMlpDefaults.AutomaticHoldoutMaximumRows, Math.Round(data.RowCount * SparseMlpDefaults.AutomaticHoldoutFraction)));
        var holdout = order[..held];
        var train = order[held..];
        Array.Sort(holdout);
        Array.Sort(train);
        string choice = string.Format(CultureInfo.InvariantCulture,
            "{0} of the {1} rows held out to choose when to stop (set NumberOfEpochs or ValidationSet to train on every row)", held, data.RowCount);
        return (data.Subset(train), data.Subset(holdout), choice);
    }
}
