// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Trainers;
using Microsoft.ML.Sparse.Engine.Csr;
using Microsoft.ML.Sparse.Engine.Networks;

namespace Microsoft.ML.Sparse.Mlp;

/// <summary>
/// The bounded-memory training rows of the MLP trainers' streaming path (<see cref="SparseMlpOptions.StreamingBlockRows"/>):
/// the IDataView's rows are cut into consecutive blocks of <see cref="BlockRows"/> rows; each epoch visits the blocks in
/// a seeded order, reading one block at a time through a cursor into one reused buffer (a block behind the cursor
/// reopens it, a block ahead skips forward), and the training loop shuffles the rows within the block. At most
/// <see cref="BlockRows"/> training rows are held at once, whatever the size of the data. The IDataView must give the
/// same rows in the same order on every pass (files and ML.NET's loaders do).
/// </summary>
internal sealed class StreamedRowBlocks : ICsrRowBlocks
{
    private readonly IDataView _data;
    private readonly DataViewSchema.Column _featureColumn;
    private readonly LabelReader _labels;
    private readonly long _seed;
    private readonly InputStandardization? _standardization;
    private readonly (float Shift, float Scale) _targetMap;
    private readonly CancellationToken _cancellation;
    private readonly float[] _features;
    private readonly int[]? _classes;
    private readonly float[]? _targets;

    /// <param name="data">The training data.</param>
    /// <param name="statistics">Its streaming pass (row count, columns).</param>
    /// <param name="kind">The task.</param>
    /// <param name="blockRows">Rows per block (the last block may hold fewer).</param>
    /// <param name="seed">Seed of the block order.</param>
    /// <param name="standardization">Applied to every block, or null.</param>
    /// <param name="targetMap">Regression targets become (target − Shift) / Scale.</param>
    /// <param name="cancellation">Checked while reading.</param>
    public StreamedRowBlocks(IDataView data, StreamingStatistics statistics, SparsePredictionKind kind, int blockRows, long seed,
        InputStandardization? standardization, (float Shift, float Scale) targetMap, CancellationToken cancellation)
    {
        _data = data ?? throw new ArgumentNullException(nameof(data));
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockRows, 1);
        _featureColumn = statistics.FeatureColumn;
        _labels = new LabelReader(statistics.LabelColumn, kind);
        RowCount = statistics.Rows;
        FeatureCount = statistics.FeatureCount;
        BlockRows = Math.Min(blockRows, RowCount);
        _seed = seed;
        _standardization = standardization;
        _targetMap = targetMap;
        _cancellation = cancellation;
        _features = new float[checked(BlockRows * Math.Max(1, FeatureCount))];
        if (kind == SparsePredictionKind.MulticlassClassification)
            _classes = new int[BlockRows];
        else
            _targets = new float[BlockRows];
    }

    /// <inheritdoc/>
    public int RowCount { get; }

    /// <inheritdoc/>
    public int FeatureCount { get; }

    /// <summary>Rows per block: the most training rows held at once.</summary>
    public int BlockRows { get; }

    /// <summary>Blocks of one epoch.</summary>
    public int BlockCount => (RowCount + BlockRows - 1) / BlockRows;

    /// <summary>The most rows that a block has held so far (never above <see cref="BlockRows"/>).</summary>
    public int PeakRowsHeld { get; private set; }

    /// <summary>Rows copied into blocks so far (each epoch reads every row once).</summary>
    public long RowsRead { get; private set; }

    /// <summary>Capacity of the buffers, in rows (what the reader allocates; equals <see cref="BlockRows"/>).</summary>
    public int BufferRows => _classes?.Length ?? _targets!.Length;

    /// <summary>The order of the blocks in epoch <paramref name="epoch"/> (seeded; a permutation of 0..BlockCount − 1).</summary>
    public int[] BlockOrder(int epoch)
    {
        var order = Enumerable.Range(0, BlockCount).ToArray();
        new Random(unchecked((int)(_seed ^ (_seed >> 32)) ^ (epoch * 0x2545F491) ^ 0x0B10C)).Shuffle(order);
        return order;
    }

    /// <inheritdoc/>
    public IEnumerable<CsrRows> Blocks(int epoch)
    {
        DataViewRowCursor? cursor = null;
        ValueGetter<VBuffer<float>>? getFeatures = null;
        long position = 0;
        VBuffer<float> buffer = default;
        try
        {
            foreach (int block in BlockOrder(epoch))
            {
                long start = (long)block * BlockRows;
                int count = (int)Math.Min(BlockRows, RowCount - start);
                if (cursor is null || position > start)
                {
                    cursor?.Dispose();
                    cursor = _data.GetRowCursor(new[] { _featureColumn, _labels.Column });
                    getFeatures = cursor.GetGetter<VBuffer<float>>(_featureColumn);
                    _labels.Bind(cursor);
                    position = 0;
                }
                for (; position < start; position++)
                    MoveNext(cursor, position);
                for (int i = 0; i < count; i++, position++)
                {
                    MoveNext(cursor, position);
                    getFeatures!(ref buffer);
                    TrainingDataReader.CopyFeatures(buffer, _features.AsSpan(i * FeatureCount, FeatureCount), position, _featureColumn.Name);
                    _labels.ReadRow(position, out int classIndex, out float target);
                    if (_classes is not null)
                        _classes[i] = classIndex;
                    else
                        _targets![i] = (target - _targetMap.Shift) / _targetMap.Scale;
                }
                _standardization?.ApplyInPlace(_features, FeatureCount);
                PeakRowsHeld = Math.Max(PeakRowsHeld, count);
                RowsRead += count;
                yield return new CsrRows(_features, count, FeatureCount, _classes, _targets);
            }
        }
        finally
        {
            cursor?.Dispose();
        }
    }

    private void MoveNext(DataViewRowCursor cursor, long position)
    {
        if (position % 1024 == 0)
            _cancellation.ThrowIfCancellationRequested();
        if (!cursor.MoveNext())
            throw new InvalidOperationException(
                $"The training data ended at row {position} on a later pass, but its first pass had {RowCount} rows. Streaming training " +
                "(StreamingBlockRows) reads the data once per epoch: give it an IDataView that returns the same rows every time (e.g. a file loader), or unset StreamingBlockRows.");
    }
}
