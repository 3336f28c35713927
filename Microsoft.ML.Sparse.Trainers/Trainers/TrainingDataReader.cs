// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using Microsoft.ML.Data;

namespace Microsoft.ML.Sparse.Trainers;

/// <summary>
/// Input materialisation shared by every sparse trainer: checks the feature (or text) column and the label column for
/// the task (<see cref="ColumnSchemaChecks"/>), then reads all rows into contiguous arrays, rejecting empty data, NaN/Infinity features,
/// and missing or out-of-range labels with messages that name the column, the row and the fix.
/// Schema problems throw <see cref="ArgumentOutOfRangeException"/> (as ML.NET's schema mismatches do); problems in
/// the data throw <see cref="InvalidOperationException"/>.
/// </summary>
internal static class TrainingDataReader
{
    private const int CancellationCheckInterval = 1024;
    private const string NoRows = "The training data has no rows. Check the query, filter or split that produced it.";

    /// <summary>Reads a known-size Single feature vector and the label of every row.</summary>
    public static TrainingData Read(IDataView data, string featureColumnName, string labelColumnName, SparsePredictionKind kind, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ThrowIfEmptyBeforeTheLabelCheck(data, labelColumnName, kind);
        var features = ColumnSchemaChecks.CheckFeatureColumn(data.Schema, featureColumnName);
        var label = ColumnSchemaChecks.CheckLabelColumn(data.Schema, labelColumnName, kind);
        int featureCount = ((VectorDataViewType)features.Type).Size;
        var labels = new LabelReader(label, kind);
        var values = new GrowingArray(featureCount);
        int rows = 0;
        using (var cursor = data.GetRowCursor(new[] { features, label }))
        {
            var getFeatures = cursor.GetGetter<VBuffer<float>>(features);
            labels.Bind(cursor);
            VBuffer<float> buffer = default;
            while (cursor.MoveNext())
            {
                if (rows % CancellationCheckInterval == 0)
                    cancellationToken.ThrowIfCancellationRequested();
                getFeatures(ref buffer);
                if (buffer.Length != featureCount)
                    throw new InvalidOperationException($"Row {rows} of column '{featureColumnName}' has {buffer.Length} values instead of {featureCount}.");
                var row = values.AddRow();
                buffer.CopyTo(row);
                for (int i = 0; i < row.Length; i++)
                    if (!float.IsFinite(row[i]))
                        throw new InvalidOperationException(
                            $"Row {rows}, slot {i} of feature column '{featureColumnName}' is {row[i].ToString(CultureInfo.InvariantCulture)}; the trainer needs finite features. " +
                            "Replace missing values (mlContext.Transforms.ReplaceMissingValues) or remove those rows first.");
                labels.ReadRow(rows);
                rows = checked(rows + 1);
            }
        }
        if (rows == 0)
            throw new InvalidOperationException(NoRows);
        return new TrainingData(features, label, kind, rows, featureCount, values.ToArray(), null, labels.ClassIndices(rows), labels.Targets(rows), labels.ClassCount);
    }

    /// <summary>Reads a text column and the label of every row.</summary>
    public static TrainingData ReadText(IDataView data, string textColumnName, string labelColumnName, SparsePredictionKind kind, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ThrowIfEmptyBeforeTheLabelCheck(data, labelColumnName, kind);
        var text = ColumnSchemaChecks.CheckTextColumn(data.Schema, textColumnName);
        var label = ColumnSchemaChecks.CheckLabelColumn(data.Schema, labelColumnName, kind);
        var labels = new LabelReader(label, kind);
        var texts = new List<string>();
        using (var cursor = data.GetRowCursor(new[] { text, label }))
        {
            var getText = cursor.GetGetter<ReadOnlyMemory<char>>(text);
            labels.Bind(cursor);
            ReadOnlyMemory<char> value = default;
            while (cursor.MoveNext())
            {
                if (texts.Count % CancellationCheckInterval == 0)
                    cancellationToken.ThrowIfCancellationRequested();
                getText(ref value);
                labels.ReadRow(texts.Count);
                texts.Add(value.ToString());
            }
        }
        if (texts.Count == 0)
            throw new InvalidOperationException(NoRows);
        return new TrainingData(text, label, kind, texts.Count, 0, Array.Empty<float>(), texts.ToArray(), labels.ClassIndices(texts.Count), labels.Targets(texts.Count), labels.ClassCount);
    }

    /// <summary>
    /// Says "no rows" for an empty data set whose key label has fewer than two classes: MapValueToKey fitted on no rows
    /// gives such a key, and the label check would otherwise blame the classes instead of the missing rows. Other empty
    /// data is reported after reading, as every task's trainer does.
    /// </summary>
    private static void ThrowIfEmptyBeforeTheLabelCheck(IDataView data, string labelColumnName, SparsePredictionKind kind)
    {
        if (kind != SparsePredictionKind.MulticlassClassification || string.IsNullOrEmpty(labelColumnName) || data.Schema.GetColumnOrNull(labelColumnName)?.Type is not KeyDataViewType { Count: < 2 })
            return;
        using var cursor = data.GetRowCursor(Array.Empty<DataViewSchema.Column>());
        if (!cursor.MoveNext())
            throw new InvalidOperationException(NoRows);
    }

    /// <summary>Reads labels of one task and checks them per row.</summary>
    private sealed class LabelReader
    {
        private readonly DataViewSchema.Column _column;
        private readonly SparsePredictionKind _kind;
        private readonly List<int> _classes = new();
        private readonly List<float> _targets = new();
        private Func<ulong>? _key;
        private ValueGetter<bool>? _boolean;
        private ValueGetter<float>? _single;

        public LabelReader(DataViewSchema.Column column, SparsePredictionKind kind)
        {
            _column = column;
            _kind = kind;
            if (kind == SparsePredictionKind.MulticlassClassification)
            {
                ulong count = ((KeyDataViewType)column.Type).Count;
                if (count > int.MaxValue)
                    throw new ArgumentOutOfRangeException(nameof(column), $"The label column '{column.Name}' has {count} classes, too many for a classifier.");
                ClassCount = (int)count;
            }
            else if (kind == SparsePredictionKind.BinaryClassification)
                ClassCount = 2;
        }

        public int ClassCount { get; }

        public void Bind(DataViewRowCursor cursor)
        {
            switch (_kind)
            {
                case SparsePredictionKind.MulticlassClassification:
                    _key = KeyGetter(cursor);
                    break;
                case SparsePredictionKind.BinaryClassification:
                    _boolean = cursor.GetGetter<bool>(_column);
                    break;
                default:
                    _single = cursor.GetGetter<float>(_column);
                    break;
            }
        }

        public void ReadRow(int row)
        {
            switch (_kind)
            {
                case SparsePredictionKind.MulticlassClassification:
                    {
                        ulong key = _key!();
                        if (key == 0)
                            throw new InvalidOperationException(
                                $"Row {row} has a missing label in key column '{_column.Name}' (a value that was not in the key's dictionary). " +
                                "Every training row needs a known class: build the key from the training data, or remove rows whose label is unknown.");
                        if (key > (ulong)ClassCount)
                            throw new InvalidOperationException($"Row {row} has label key {key} in column '{_column.Name}', outside the key's {ClassCount} classes.");
                        _classes.Add((int)(key - 1));
                        break;
                    }
                case SparsePredictionKind.BinaryClassification:
                    {
                        bool value = false;
                        _boolean!(ref value);
                        _targets.Add(value ? 1f : 0f);
                        break;
                    }
                default:
                    {
                        float value = 0;
                        _single!(ref value);
                        if (!float.IsFinite(value))
                            throw new InvalidOperationException($"Row {row} has label {value.ToString(CultureInfo.InvariantCulture)} in column '{_column.Name}'; regression labels must be finite. Remove or fix those rows first.");
                        _targets.Add(value);
                        break;
                    }
            }
        }

        public int[]? ClassIndices(int rows) => _kind == SparsePredictionKind.MulticlassClassification ? _classes.ToArray() : null;

        public float[]? Targets(int rows) => _kind == SparsePredictionKind.MulticlassClassification ? null : _targets.ToArray();

        private Func<ulong> KeyGetter(DataViewRowCursor cursor)
        {
            var raw = _column.Type.RawType;
            if (raw == typeof(uint))
            {
                var getter = cursor.GetGetter<uint>(_column);
                uint v = 0;
                return () => { getter(ref v); return v; };
            }
            if (raw == typeof(ushort))
            {
                var getter = cursor.GetGetter<ushort>(_column);
                ushort v = 0;
                return () => { getter(ref v); return v; };
            }
            if (raw == typeof(byte))
            {
                var getter = cursor.GetGetter<byte>(_column);
                byte v = 0;
                return () => { getter(ref v); return v; };
            }
            var wide = cursor.GetGetter<ulong>(_column);
            ulong w = 0;
            return () => { wide(ref w); return w; };
        }
    }

    /// <summary>A row-major float buffer that doubles when full.</summary>
    private sealed class GrowingArray
    {
        private readonly int _width;
        private float[] _data;
        private int _rows;

        public GrowingArray(int width)
        {
            _width = width;
            _data = new float[Math.Max(width, 1) * 256];
        }

        public Span<float> AddRow()
        {
            long needed = (long)(_rows + 1) * _width;
            if (needed > Array.MaxLength)
                throw new InvalidOperationException($"The training data is too large to hold in memory ({_rows + 1} rows of {_width} features).");
            if (needed > _data.Length)
                Array.Resize(ref _data, (int)Math.Min(Array.MaxLength, Math.Max(needed, 2L * _data.Length)));
            var row = _data.AsSpan(_rows * _width, _width);
            _rows++;
            return row;
        }

        public float[] ToArray() => _data.AsSpan(0, _rows * _width).ToArray();
    }
}
