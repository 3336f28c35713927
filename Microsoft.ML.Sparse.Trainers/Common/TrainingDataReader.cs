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

    /// <summary>
    /// Reads a known-size Single feature vector and the label of every row; more than maxRows rows throw, with
    /// tooManyRowsFix as the fix in the message (the streaming path's bounded validation set).
    /// </summary>
    public static TrainingData Read(IDataView data, string featureColumnName, string labelColumnName, SparsePredictionKind kind, CancellationToken cancellationToken = default,
        int maxRows = int.MaxValue, string tooManyRowsFix = "")
    {
        ArgumentNullException.ThrowIfNull(data);
        ThrowIfEmptyBeforeTheLabelCheck(data, labelColumnName, kind);
        var features = ColumnSchemaChecks.CheckFeatureColumn(data.Schema, featureColumnName);
        var label = ColumnSchemaChecks.CheckLabelColumn(data.Schema, labelColumnName, kind);
        int featureCount = ((VectorDataViewType)features.Type).Size;
        var labels = new LabelReader(label, kind);
        var classes = new List<int>();
        var targets = new List<float>();
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
                if (rows == maxRows)
                    throw new InvalidOperationException(
                        $"The data read for column '{featureColumnName}' has more than {maxRows} rows, the most this path holds in memory. {tooManyRowsFix}");
                getFeatures(ref buffer);
                CopyFeatures(buffer, values.AddRow(), rows, featureColumnName);
                Keep(labels, rows, classes, targets);
                rows = checked(rows + 1);
            }
        }
        if (rows == 0)
            throw new InvalidOperationException(NoRows);
        return new TrainingData(features, label, kind, rows, featureCount, values.ToArray(), null, Classes(kind, classes), Targets(kind, targets), labels.ClassCount);
    }

    /// <summary>
    /// Copies one row's features into <paramref name="row"/>, checking its length and that every value is finite (the
    /// message names the row, the slot, the column and the fix).
    /// </summary>
    internal static void CopyFeatures(in VBuffer<float> buffer, Span<float> row, long rowIndex, string featureColumnName)
    {
        if (buffer.Length != row.Length)
            throw new InvalidOperationException($"Row {rowIndex} of column '{featureColumnName}' has {buffer.Length} values instead of {row.Length}.");
        buffer.CopyTo(row);
        for (int i = 0; i < row.Length; i++)
            if (!float.IsFinite(row[i]))
                throw new InvalidOperationException(
                    $"Row {rowIndex}, slot {i} of feature column '{featureColumnName}' is {row[i].ToString(CultureInfo.InvariantCulture)}; the trainer needs finite features. " +
                    "Replace missing values (mlContext.Transforms.ReplaceMissingValues) or remove those rows first.");
    }

    private static void Keep(LabelReader labels, long row, List<int> classes, List<float> targets)
    {
        labels.ReadRow(row, out int classIndex, out float target);
        if (labels.Kind == SparsePredictionKind.MulticlassClassification)
            classes.Add(classIndex);
        else
            targets.Add(target);
    }

    private static int[]? Classes(SparsePredictionKind kind, List<int> classes) => kind == SparsePredictionKind.MulticlassClassification ? classes.ToArray() : null;

    private static float[]? Targets(SparsePredictionKind kind, List<float> targets) => kind == SparsePredictionKind.MulticlassClassification ? null : targets.ToArray();

    /// <summary>Reads a text column and the label of every row.</summary>
    public static TrainingData ReadText(IDataView data, string textColumnName, string labelColumnName, SparsePredictionKind kind, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ThrowIfEmptyBeforeTheLabelCheck(data, labelColumnName, kind);
        var text = ColumnSchemaChecks.CheckTextColumn(data.Schema, textColumnName);
        var label = ColumnSchemaChecks.CheckLabelColumn(data.Schema, labelColumnName, kind);
        var labels = new LabelReader(label, kind);
        var classes = new List<int>();
        var targets = new List<float>();
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
                Keep(labels, texts.Count, classes, targets);
                texts.Add(value.ToString());
            }
        }
        if (texts.Count == 0)
            throw new InvalidOperationException(NoRows);
        return new TrainingData(text, label, kind, texts.Count, 0, Array.Empty<float>(), texts.ToArray(), Classes(kind, classes), Targets(kind, targets), labels.ClassCount);
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
