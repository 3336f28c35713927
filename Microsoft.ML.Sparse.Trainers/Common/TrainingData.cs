// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.


namespace Microsoft.ML.Sparse.Trainers;

/// <summary>
/// Training rows materialised by <see cref="TrainingDataReader"/> into contiguous arrays, ready to become tensors.
/// Exactly one of <see cref="Features"/> (numeric input) and <see cref="Texts"/> (text input) is used.
/// </summary>
internal sealed class TrainingData
{
    public TrainingData(DataViewSchema.Column inputColumn, DataViewSchema.Column labelColumn, SparsePredictionKind kind, int rowCount, int featureCount,
        float[] features, string[]? texts, int[]? classIndices, float[]? targets, int classCount)
    {
        InputColumn = inputColumn;
        LabelColumn = labelColumn;
        Kind = kind;
        RowCount = rowCount;
        FeatureCount = featureCount;
        Features = features;
        Texts = texts;
        ClassIndices = classIndices;
        Targets = targets;
        ClassCount = classCount;
    }

    /// <summary>The input column read (features vector or text).</summary>
    public DataViewSchema.Column InputColumn { get; }

    /// <summary>The label column read (its key values name the classes of multiclass models).</summary>
    public DataViewSchema.Column LabelColumn { get; }

    /// <summary>The task the labels were read for.</summary>
    public SparsePredictionKind Kind { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount { get; }

    /// <summary>Features per row (0 for text input).</summary>
    public int FeatureCount { get; }

    /// <summary>Row-major features [RowCount, FeatureCount], all finite (empty for text input).</summary>
    public float[] Features { get; }

    /// <summary>Text of each row (text input only).</summary>
    public string[]? Texts { get; }

    /// <summary>Multiclass: 0-based class index of each row (key value − 1).</summary>
    public int[]? ClassIndices { get; }

    /// <summary>Binary: 1 for true and 0 for false; regression: the finite target value.</summary>
    public float[]? Targets { get; }

    /// <summary>Multiclass: number of classes (the key count); binary: 2; regression: 0.</summary>
    public int ClassCount { get; }

    /// <summary>Features of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<float> Row(int row) => Features.AsSpan(row * FeatureCount, FeatureCount);

    /// <summary>The rows at <paramref name="rows"/>, in that order (same columns, classes and kind).</summary>
    public TrainingData Subset(IReadOnlyList<int> rows)
    {
        var features = new float[rows.Count * FeatureCount];
        for (int i = 0; i < rows.Count; i++)
            Row(rows[i]).CopyTo(features.AsSpan(i * FeatureCount, FeatureCount));
        return new TrainingData(InputColumn, LabelColumn, Kind, rows.Count, FeatureCount, features,
            Texts is null ? null : rows.Select(r => Texts[r]).ToArray(),
            ClassIndices is null ? null : rows.Select(r => ClassIndices[r]).ToArray(),
            Targets is null ? null : rows.Select(r => Targets[r]).ToArray(), ClassCount);
    }
}
