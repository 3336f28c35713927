// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;

namespace Microsoft.ML.Sparse.Scoring;

/// <summary>
/// Convenience base for scorers that score one input value at a time with a method that is safe for concurrent
/// calls: implement <see cref="Score"/>; binding to rows (one getter and value buffer per cursor) is done here.
/// <typeparamref name="TInput"/> is the column's representation type, e.g. <see cref="VBuffer{T}"/> of float or
/// <see cref="ReadOnlyMemory{T}"/> of char for text.
/// </summary>
internal abstract class SparseScorer<TInput> : ISparseScorer
{
    /// <inheritdoc/>
    public abstract SparseScorerKind Kind { get; }

    /// <inheritdoc/>
    public abstract DataViewType InputType { get; }

    /// <inheritdoc/>
    public abstract int OutputSize { get; }

    /// <inheritdoc/>
    public abstract SparseModelInfo Info { get; }

    /// <summary>Scores one input value into <paramref name="outputs"/> (raw outputs). Must be safe for concurrent calls.</summary>
    public abstract void Score(in TInput input, Span<float> outputs);

    /// <inheritdoc/>
    public abstract void Save(BinaryWriter writer);

    /// <inheritdoc/>
    public ISparseRowScorer Bind(DataViewRow row, DataViewSchema.Column inputColumn)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new RowScorer(this, row.GetGetter<TInput>(inputColumn));
    }

    private sealed class RowScorer : ISparseRowScorer
    {
        private readonly SparseScorer<TInput> _scorer;
        private readonly ValueGetter<TInput> _getter;
        private TInput _value = default!;

        public RowScorer(SparseScorer<TInput> scorer, ValueGetter<TInput> getter)
        {
            _scorer = scorer;
            _getter = getter;
        }

        public void ScoreCurrentRow(Span<float> outputs)
        {
            _getter(ref _value);
            _scorer.Score(in _value, outputs);
        }

        public void Dispose()
        {
        }
    }
}
