// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Text;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse;

/// <summary>
/// Corpus BLEU of a data view's translations against its reference translations (ML.NET has no translation
/// evaluator): clipped n-gram precisions up to 4-grams, their geometric mean and the brevity penalty, on a 0..100 scale
/// (see <see cref="BleuScore"/>). Typical use: <c>SparseTranslationEvaluator.Evaluate(model.Transform(test))</c>.
/// </summary>
public static class SparseTranslationEvaluator
{
    /// <summary>Computes corpus BLEU with one reference per row.</summary>
    /// <param name="data">Rows with a predicted and a reference Text column (e.g. the output of a <see cref="SparseTranslationTransformer"/>).</param>
    /// <param name="referenceColumnName">Text column with the reference translations. Default "Target".</param>
    /// <param name="predictedColumnName">Text column with the system's translations. Default "PredictedTarget".</param>
    /// <param name="tokenization">How sentences are split into tokens. Default: whitespace and punctuation, since
    /// translations are plain detokenised text ("world." counts as "world" and ".").</param>
    /// <param name="lowerCase">Compare case-insensitively. Default false (BLEU is usually case-sensitive).</param>
    /// <param name="maxOrder">Largest n-gram order, ≥ 1. Default 4 (standard BLEU).</param>
    /// <returns>The score with its n-gram precisions, brevity penalty and lengths.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or is not of type Text, or <paramref name="maxOrder"/> &lt; 1.</exception>
    /// <exception cref="InvalidOperationException">The data has no rows.</exception>
    public static BleuResult Evaluate(IDataView data, string referenceColumnName = "Target", string predictedColumnName = "PredictedTarget",
        BleuTokenization tokenization = BleuTokenization.WhitespaceAndPunctuation, bool lowerCase = false, int maxOrder = BleuScore.DefaultMaxOrder)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (maxOrder < 1)
            throw new ArgumentOutOfRangeException(nameof(maxOrder), maxOrder, "The largest n-gram order must be at least 1.");
        if (!Enum.IsDefined(tokenization))
            throw new ArgumentOutOfRangeException(nameof(tokenization), tokenization, "Unknown tokenization.");
        var reference = ColumnSchemaChecks.CheckTextColumn(data.Schema, referenceColumnName);
        var predicted = ColumnSchemaChecks.CheckTextColumn(data.Schema, predictedColumnName);
        var hypotheses = new List<IReadOnlyList<string>>();
        var references = new List<IReadOnlyList<IReadOnlyList<string>>>();
        using (var cursor = data.GetRowCursor(reference.Index == predicted.Index ? new[] { reference } : new[] { reference, predicted }))
        {
            var getReference = cursor.GetGetter<ReadOnlyMemory<char>>(reference);
            var getPredicted = cursor.GetGetter<ReadOnlyMemory<char>>(predicted);
            ReadOnlyMemory<char> r = default, p = default;
            while (cursor.MoveNext())
            {
                getReference(ref r);
                getPredicted(ref p);
                hypotheses.Add(BleuScore.Tokenize(p.ToString(), lowerCase, tokenization));
                references.Add(new[] { BleuScore.Tokenize(r.ToString(), lowerCase, tokenization) });
            }
        }
        if (hypotheses.Count == 0)
            throw new InvalidOperationException("The data has no rows; BLEU needs at least one sentence.");
        return BleuScore.ComputeFromTokens(hypotheses, references, maxOrder);
    }
}
