// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse;

/// <summary>
/// Corpus perplexity of a language model (ML.NET has no language-model evaluator): reads the per-row log-likelihood and
/// subword count that a <see cref="SparseLanguageModelTransformer"/> added and pools them over all rows, so long texts
/// weigh by their length. Typical use: <c>SparseLanguageModelEvaluator.Evaluate(model.Transform(heldOut))</c>.
/// </summary>
public static class SparseLanguageModelEvaluator
{
    /// <summary>Pools the rows' log-likelihoods.</summary>
    /// <param name="data">Rows scored by a language model.</param>
    /// <param name="logLikelihoodColumnName">Single column with each row's total log-likelihood. Default "LogLikelihood".</param>
    /// <param name="tokenCountColumnName">Int32 column with each row's predicted subword count. Default "TokenCount".</param>
    /// <returns>Perplexity, total log-likelihood, tokens and rows.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type.</exception>
    /// <exception cref="InvalidOperationException">The data has no rows.</exception>
    public static LanguageModelMetrics Evaluate(IDataView data, string logLikelihoodColumnName = DefaultColumnNames.LogLikelihood,
        string tokenCountColumnName = DefaultColumnNames.TokenCount)
    {
        ArgumentNullException.ThrowIfNull(data);
        var logLikelihood = Require(data.Schema, logLikelihoodColumnName, NumberDataViewType.Single);
        var tokens = Require(data.Schema, tokenCountColumnName, NumberDataViewType.Int32);
        double total = 0;
        long tokenTotal = 0, rows = 0;
        using (var cursor = data.GetRowCursor(new[] { logLikelihood, tokens }))
        {
            var getLogLikelihood = cursor.GetGetter<float>(logLikelihood);
            var getTokens = cursor.GetGetter<int>(tokens);
            float ll = 0;
            int count = 0;
            while (cursor.MoveNext())
            {
                getLogLikelihood(ref ll);
                getTokens(ref count);
                total += ll;
                tokenTotal += count;
                rows++;
            }
        }
        if (rows == 0)
            throw new InvalidOperationException("The data has no rows; perplexity needs at least one scored text.");
        return new LanguageModelMetrics(total, tokenTotal, rows);
    }

    private static DataViewSchema.Column Require(DataViewSchema schema, string name, DataViewType type)
    {
        var column = schema.GetColumnOrNull(name) ?? throw new ArgumentOutOfRangeException(nameof(schema),
            $"Column '{name}' was not found. Score the data with a SparseLanguageModelTransformer first (model.Transform(data)), or pass the column's name.");
        if (column.Type != type)
            throw new ArgumentOutOfRangeException(nameof(schema), $"Column '{name}' is {column.Type}; it must be {type} as a SparseLanguageModelTransformer writes it.");
        return column;
    }
}
