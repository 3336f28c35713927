// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse.Translation;

/// <summary>
/// Reads the two text columns of a translation data set, checking their types (Text) and the empty-text policy.
/// Schema problems throw <see cref="ArgumentOutOfRangeException"/>, data problems <see cref="InvalidOperationException"/>,
/// as <see cref="TrainingDataReader"/> does.
/// </summary>
internal static class TranslationPairReader
{
    private const int CancellationCheckInterval = 1024;

    /// <summary>Reads every pair of <paramref name="data"/>.</summary>
    /// <param name="data">The data view.</param>
    /// <param name="sourceColumnName">Source text column.</param>
    /// <param name="targetColumnName">Target text column.</param>
    /// <param name="skipEmpty">Skip rows with an empty/whitespace side (true) or throw (false).</param>
    /// <param name="what">"training data" or "validation set", used in messages.</param>
    /// <param name="cancellation">Checked every 1024 rows.</param>
    public static TranslationPairs Read(IDataView data, string sourceColumnName, string targetColumnName, bool skipEmpty, string what,
                                        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var source = ColumnSchemaChecks.CheckTextColumn(data.Schema, sourceColumnName);
        var target = ColumnSchemaChecks.CheckTextColumn(data.Schema, targetColumnName);
        var sources = new List<string>();
        var targets = new List<string>();
        int row = 0, skipped = 0;
        using (var cursor = data.GetRowCursor(new[] { source, target }))
        {
            var getSource = cursor.GetGetter<ReadOnlyMemory<char>>(source);
            var getTarget = cursor.GetGetter<ReadOnlyMemory<char>>(target);
            ReadOnlyMemory<char> s = default, t = default;
            for (; cursor.MoveNext(); row++)
            {
                if (row % CancellationCheckInterval == 0)
                    cancellation.ThrowIfCancellationRequested();
                getSource(ref s);
                getTarget(ref t);
                bool emptySource = s.Span.IsWhiteSpace(), emptyTarget = t.Span.IsWhiteSpace();
                if (emptySource || emptyTarget)
                {
                    if (!skipEmpty)
                        throw new InvalidOperationException(
                            $"Row {row} of the {what} has an empty {(emptySource ? $"source ('{sourceColumnName}')" : $"target ('{targetColumnName}')")} text. " +
                            "Remove such rows (e.g. mlContext.Data.FilterByCustomPredicate) or set SkipEmptyPairs = true to skip them.");
                    skipped++;
                    continue;
                }
                sources.Add(s.ToString());
                targets.Add(t.ToString());
            }
        }
        if (row == 0)
            throw new InvalidOperationException($"The {what} has no rows.");
        if (sources.Count == 0)
            throw new InvalidOperationException($"All {row} rows of the {what} have an empty source or target text; there is nothing to train on.");
        return new TranslationPairs(sources.ToArray(), targets.ToArray(), skipped);
    }
}
