// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using Microsoft.ML.Data;

namespace Microsoft.ML.Sparse.Comparison;

/// <summary>Times single-row predictions through a <see cref="PredictionEngine{TSrc, TDst}"/> fed only the features column.</summary>
internal static class LatencyProbe
{
    private sealed class FeatureRow
    {
        public float[] Features = Array.Empty<float>();
    }

    private sealed class VectorScore
    {
        public float[] Score = Array.Empty<float>();
    }

    private sealed class ScalarScore
    {
        public float Score = 0f;
    }

    public static float[][] TakeFeatureRows(IDataView data, string featureColumn, int count)
    {
        var rows = new List<float[]>(count);
        var column = data.Schema[featureColumn];
        using var cursor = data.GetRowCursor(new[] { column });
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        VBuffer<float> buffer = default;
        while (rows.Count < count && cursor.MoveNext())
        {
            getter(ref buffer);
            rows.Add(buffer.DenseValues().ToArray());
        }
        if (rows.Count == 0)
            throw new ArgumentException("The test data has no rows.");
        return rows.ToArray();
    }

    public static double MedianMicroseconds(MLContext ml, ITransformer model, ComparisonTask task, string featureColumn,
        VectorDataViewType featureType, float[][] rows)
    {
        var input = SchemaDefinition.Create(typeof(FeatureRow));
        input[nameof(FeatureRow.Features)].ColumnName = featureColumn;
        input[nameof(FeatureRow.Features)].ColumnType = featureType;
        return task == ComparisonTask.MulticlassClassification
            ? Time(ml.Model.CreatePredictionEngine<FeatureRow, VectorScore>(model, inputSchemaDefinition: input), rows)
            : Time(ml.Model.CreatePredictionEngine<FeatureRow, ScalarScore>(model, inputSchemaDefinition: input), rows);
    }

    private static double Time<TOut>(PredictionEngine<FeatureRow, TOut> engine, float[][] rows) where TOut : class, new()
    {
        using (engine)
        {
            var row = new FeatureRow();
            var output = new TOut();
            int warmup = Math.Min(rows.Length, 20);
            for (int i = 0; i < warmup; i++)
            {
                row.Features = rows[i];
                engine.Predict(row, ref output);
            }
            var samples = new double[rows.Length];
            for (int i = 0; i < rows.Length; i++)
            {
                row.Features = rows[i];
                long start = Stopwatch.GetTimestamp();
                engine.Predict(row, ref output);
                samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds * 1000.0;
            }
            return Statistics.Median(samples);
        }
    }
}
