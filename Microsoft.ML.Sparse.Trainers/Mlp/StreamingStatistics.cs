// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse.Mlp;

/// <summary>
/// What the streaming path of the MLP trainers learns from one pass over the training data, holding one row at a
/// time: the row count, per-feature sums, sums of squares, minima and maxima (standardisation and the pixel-like test),
/// the label checks of <see cref="LabelReader"/>, and the target moments (regression) or class counts (binary).
/// </summary>
internal sealed class StreamingStatistics
{
    private StreamingStatistics(DataViewSchema.Column features, DataViewSchema.Column label, int featureCount, int classCount)
    {
        FeatureColumn = features;
        LabelColumn = label;
        Sum = new double[featureCount];
        SumSquares = new double[featureCount];
        Minimum = Enumerable.Repeat(float.PositiveInfinity, featureCount).ToArray();
        Maximum = Enumerable.Repeat(float.NegativeInfinity, featureCount).ToArray();
        ClassCount = classCount;
    }

    /// <summary>The feature column read.</summary>
    public DataViewSchema.Column FeatureColumn { get; }

    /// <summary>The label column read.</summary>
    public DataViewSchema.Column LabelColumn { get; }

    /// <summary>Rows of the training data.</summary>
    public int Rows { get; private set; }

    /// <summary>Features per row.</summary>
    public int FeatureCount => Sum.Length;

    /// <summary>Multiclass: the key count; binary: 2; regression: 0.</summary>
    public int ClassCount { get; }

    /// <summary>Per-feature sum.</summary>
    public double[] Sum { get; }

    /// <summary>Per-feature sum of squares.</summary>
    public double[] SumSquares { get; }

    /// <summary>Per-feature minimum.</summary>
    public float[] Minimum { get; }

    /// <summary>Per-feature maximum.</summary>
    public float[] Maximum { get; }

    /// <summary>Binary: rows whose label is true.</summary>
    public long PositiveRows { get; private set; }

    /// <summary>Binary and regression: sum of the targets.</summary>
    public double TargetSum { get; private set; }

    /// <summary>Binary and regression: sum of the squared targets.</summary>
    public double TargetSumSquares { get; private set; }

    /// <summary>Regression: mean and standard deviation of the targets (1 when they do not vary).</summary>
    public (float Mean, float Std) TargetMoments()
    {
        double mean = TargetSum / Math.Max(1, Rows);
        double std = Math.Sqrt(Math.Max(0, TargetSumSquares / Math.Max(1, Rows) - mean * mean));
        return ((float)mean, std > 1e-12 && double.IsFinite(std) ? (float)std : 1f);
    }

    /// <summary>Reads every row once (features and label checked as <see cref="TrainingDataReader"/> checks them).</summary>
    public static StreamingStatistics Collect(IDataView data, string featureColumnName, string labelColumnName, SparsePredictionKind kind, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(data);
        var features = ColumnSchemaChecks.CheckFeatureColumn(data.Schema, featureColumnName);
        var label = ColumnSchemaChecks.CheckLabelColumn(data.Schema, labelColumnName, kind);
        int featureCount = ((VectorDataViewType)features.Type).Size;
        var labels = new LabelReader(label, kind);
        var stats = new StreamingStatistics(features, label, featureCount, labels.ClassCount);
        var row = new float[featureCount];
        using var cursor = data.GetRowCursor(new[] { features, label });
        var getFeatures = cursor.GetGetter<VBuffer<float>>(features);
        labels.Bind(cursor);
        VBuffer<float> buffer = default;
        while (cursor.MoveNext())
        {
            if (stats.Rows % 1024 == 0)
                cancellation.ThrowIfCancellationRequested();
            getFeatures(ref buffer);
            TrainingDataReader.CopyFeatures(buffer, row, stats.Rows, featureColumnName);
            labels.ReadRow(stats.Rows, out _, out float target);
            stats.Add(row, target);
        }
        if (stats.Rows == 0)
            throw new InvalidOperationException("The training data has no rows. Check the query, filter or split that produced it.");
        return stats;
    }

    private void Add(float[] row, float target)
    {
        for (int j = 0; j < row.Length; j++)
        {
            double v = row[j];
            Sum[j] += v;
            SumSquares[j] += v * v;
            if (row[j] < Minimum[j]) Minimum[j] = row[j];
            if (row[j] > Maximum[j]) Maximum[j] = row[j];
        }
        if (target > 0.5f) PositiveRows++;
        TargetSum += target;
        TargetSumSquares += (double)target * target;
        Rows = checked(Rows + 1);
    }
}
