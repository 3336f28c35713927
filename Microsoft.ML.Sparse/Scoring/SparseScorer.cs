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

    /// <summary>
    /// Throws when <paramref name="input"/>, the value of <paramref name="column"/> in row <paramref name="row"/> (the
    /// cursor's position), cannot be scored; called before every <see cref="Score"/> of a bound row. Accepts everything
    /// unless overridden.
    /// </summary>
    public virtual void Validate(in TInput input, DataViewSchema.Column column, long row)
    {
    }

    /// <inheritdoc/>
    public ISparseRowScorer Bind(DataViewRow row, DataViewSchema.Column inputColumn)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new RowScorer(this, row, inputColumn, row.GetGetter<TInput>(inputColumn));
    }

    private sealed class RowScorer : ISparseRowScorer
    {
        private readonly SparseScorer<TInput> _scorer;
        private readonly DataViewRow _row;
        private readonly DataViewSchema.Column _column;
        private readonly ValueGetter<TInput> _getter;
        private TInput _value = default!;

        public RowScorer(SparseScorer<TInput> scorer, DataViewRow row, DataViewSchema.Column column, ValueGetter<TInput> getter)
        {
            _scorer = scorer;
            _row = row;
            _column = column;
            _getter = getter;
        }

        public void ScoreCurrentRow(Span<float> outputs)
        {
            _getter(ref _value);
            _scorer.Validate(in _value, _column, _row.Position);
            _scorer.Score(in _value, outputs);
        }

        public void Dispose()
        {
        }
    }
}
