// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using Microsoft.ML.Data;

namespace Microsoft.ML.Sparse.Comparison;

/// <summary>
/// Times single-row predictions through a <see cref="PredictionEngine{TSrc, TDst}"/> fed only the input column: the
/// features vector, or the text of a text comparison.
/// </summary>
internal sealed class LatencyProbe
{
    private sealed class FeatureRow
    {
        public float[] Features = Array.Empty<float>();
    }

    private sealed class TextRow
    {
        public string Text = "";
    }

    private sealed class VectorScore
    {
        public float[] Score = Array.Empty<float>();
    }

    private sealed class ScalarScore
    {
        public float Score = 0f;
    }

    private readonly string _column;
    private readonly DataViewType _type;
    private readonly float[][]? _vectors;
    private readonly string[]? _texts;

    private LatencyProbe(string column, DataViewType type, float[][]? vectors, string[]? texts)
    {
        _column = column;
        _type = type;
        _vectors = vectors;
        _texts = texts;
    }

    /// <summary>Reads the first <paramref name="count"/> values of <paramref name="column"/> (a Single vector or a String column).</summary>
    public static LatencyProbe TakeRows(IDataView data, string column, int count)
    {
        var input = data.Schema[column];
        using var cursor = data.GetRowCursor(new[] { input });
        if (input.Type is TextDataViewType)
        {
            var texts = new List<string>(count);
            var getText = cursor.GetGetter<ReadOnlyMemory<char>>(input);
            ReadOnlyMemory<char> text = default;
            while (texts.Count < count && cursor.MoveNext())
            {
                getText(ref text);
                texts.Add(text.ToString());
            }
            return texts.Count == 0 ? throw NoRows() : new LatencyProbe(column, input.Type, null, texts.ToArray());
        }
        var rows = new List<float[]>(count);
        var getter = cursor.GetGetter<VBuffer<float>>(input);
        VBuffer<float> buffer = default;
        while (rows.Count < count && cursor.MoveNext())
        {
            getter(ref buffer);
            rows.Add(buffer.DenseValues().ToArray());
        }
        return rows.Count == 0 ? throw NoRows() : new LatencyProbe(column, input.Type, rows.ToArray(), null);
    }

    /// <summary>Median microseconds of one prediction over the rows taken (after a warm-up of up to 20).</summary>
    public double MedianMicroseconds(MLContext ml, ITransformer model, ComparisonTask task)
    {
        if (_texts is not null)
        {
            var textInput = SchemaDefinition.Create(typeof(TextRow));
            textInput[nameof(TextRow.Text)].ColumnName = _column;
            return task == ComparisonTask.MulticlassClassification
                ? Time(ml.Model.CreatePredictionEngine<TextRow, VectorScore>(model, inputSchemaDefinition: textInput), _texts, (row, text) => row.Text = text)
                : Time(ml.Model.CreatePredictionEngine<TextRow, ScalarScore>(model, inputSchemaDefinition: textInput), _texts, (row, text) => row.Text = text);
        }
        var input = SchemaDefinition.Create(typeof(FeatureRow));
        input[nameof(FeatureRow.Features)].ColumnName = _column;
        input[nameof(FeatureRow.Features)].ColumnType = _type;
        return task == ComparisonTask.MulticlassClassification
            ? Time(ml.Model.CreatePredictionEngine<FeatureRow, VectorScore>(model, inputSchemaDefinition: input), _vectors!, (row, values) => row.Features = values)
            : Time(ml.Model.CreatePredictionEngine<FeatureRow, ScalarScore>(model, inputSchemaDefinition: input), _vectors!, (row, values) => row.Features = values);
    }

    private static ArgumentException NoRows() => new("The test data has no rows.");

    private static double Time<TIn, TValue, TOut>(PredictionEngine<TIn, TOut> engine, TValue[] values, Action<TIn, TValue> set)
        where TIn : class, new() where TOut : class, new()
    {
        using (engine)
        {
            var row = new TIn();
            var output = new TOut();
            int warmup = Math.Min(values.Length, 20);
            for (int i = 0; i < warmup; i++)
            {
                set(row, values[i]);
                engine.Predict(row, ref output);
            }
            var samples = new double[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                set(row, values[i]);
                long start = Stopwatch.GetTimestamp();
                engine.Predict(row, ref output);
                samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds * 1000.0;
            }
            return Statistics.Median(samples);
        }
    }
}
