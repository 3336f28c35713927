// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse.LanguageModels;

/// <summary>Texts read from one Text column.</summary>
/// <param name="Texts">The non-empty texts, in row order.</param>
/// <param name="Skipped">Rows left out because the text was empty or whitespace.</param>
internal sealed record LanguageModelTexts(string[] Texts, int Skipped);

/// <summary>
/// Reads the text column of a language-model data set, checking its type (Text) and the empty-text policy. Schema
/// problems throw <see cref="ArgumentOutOfRangeException"/>, data problems <see cref="InvalidOperationException"/>,
/// as the other trainers' readers do.
/// </summary>
internal static class LanguageModelTextReader
{
    private const int CancellationCheckInterval = 1024;

    /// <summary>Reads every row's text.</summary>
    /// <param name="data">The data view.</param>
    /// <param name="textColumnName">Text column.</param>
    /// <param name="skipEmpty">Skip empty/whitespace texts (true) or throw naming the row (false).</param>
    /// <param name="what">"training data" or "validation set", used in messages.</param>
    /// <param name="cancellation">Checked every 1024 rows.</param>
    public static LanguageModelTexts Read(IDataView data, string textColumnName, bool skipEmpty, string what, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var column = ColumnSchemaChecks.CheckTextColumn(data.Schema, textColumnName);
        var texts = new List<string>();
        int row = 0, skipped = 0;
        using (var cursor = data.GetRowCursor(new[] { column }))
        {
            var getText = cursor.GetGetter<ReadOnlyMemory<char>>(column);
            ReadOnlyMemory<char> text = default;
            for (; cursor.MoveNext(); row++)
            {
                if (row % CancellationCheckInterval == 0)
                    cancellation.ThrowIfCancellationRequested();
                getText(ref text);
                if (text.Span.IsWhiteSpace())
                {
                    if (!skipEmpty)
                        throw new InvalidOperationException(
                            $"Row {row} of the {what} has an empty text in column '{textColumnName}'. " +
                            "Remove such rows (e.g. mlContext.Data.FilterByCustomPredicate) or set SkipEmptyRows = true to skip them.");
                    skipped++;
                    continue;
                }
                texts.Add(text.ToString());
            }
        }
        if (row == 0)
            throw new InvalidOperationException($"The {what} has no rows; a language model needs at least one text in column '{textColumnName}'.");
        if (texts.Count == 0)
            throw new InvalidOperationException($"All {row} rows of the {what} have an empty text in column '{textColumnName}'; there is nothing to learn from.");
        return new LanguageModelTexts(texts.ToArray(), skipped);
    }
}
