// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;

namespace Microsoft.ML.Sparse.Samples.Datasets;

/// <summary>
/// A classification dataset held as simple arrays: one float feature vector (all of the same length) and one class
/// index per row. <see cref="ToDataView"/> turns it into an ML.NET <see cref="IDataView"/> with a fixed-size
/// <c>Features</c> vector column and a <c>Label</c> column.
/// </summary>
public sealed class LabeledVectors
{
    /// <summary>Creates the dataset; every row must have <paramref name="featureCount"/> values and a label in [0, classes).</summary>
    public LabeledVectors(string name, int featureCount, float[][] features, int[] labels, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        if (features.Length != labels.Length)
            throw new ArgumentException($"{features.Length} feature rows but {labels.Length} labels.", nameof(labels));
        for (int i = 0; i < features.Length; i++)
        {
            if (features[i]?.Length != featureCount)
                throw new ArgumentException($"Row {i} has {features[i]?.Length ?? 0} features, expected {featureCount}.", nameof(features));
            if (labels[i] < 0 || labels[i] >= classNames.Count)
                throw new ArgumentException($"Row {i} has label {labels[i]}, outside [0, {classNames.Count}).", nameof(labels));
        }
        Name = name;
        FeatureCount = featureCount;
        Features = features;
        Labels = labels;
        ClassNames = classNames;
    }

    /// <summary>Dataset name, e.g. "fashion-mnist/train".</summary>
    public string Name { get; }

    /// <summary>Values per feature vector.</summary>
    public int FeatureCount { get; }

    /// <summary>Feature vectors, one per row.</summary>
    public float[][] Features { get; }

    /// <summary>Class index of each row (0-based).</summary>
    public int[] Labels { get; }

    /// <summary>Class names, indexed by class.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Number of rows.</summary>
    public int Count => Labels.Length;

    /// <summary>Number of classes.</summary>
    public int ClassCount => ClassNames.Count;

    /// <summary>The first <paramref name="count"/> rows.</summary>
    public LabeledVectors Take(int count)
    {
        int n = Math.Clamp(count, 0, Count);
        return new LabeledVectors(Name, FeatureCount, Features[..n], Labels[..n], ClassNames);
    }

    /// <summary>All features in one row-major array [Count, FeatureCount] (e.g. to build a tensor).</summary>
    public float[] Flatten()
    {
        var flat = new float[(long)Count * FeatureCount];
        for (int i = 0; i < Count; i++)
            Features[i].CopyTo(flat, (long)i * FeatureCount);
        return flat;
    }

    /// <summary>
    /// The rows as an <see cref="IDataView"/> with <c>Features</c> (Vector&lt;Single, FeatureCount&gt;) and <c>Label</c>
    /// of the requested kind (default: a key with the class names as key values).
    /// </summary>
    public IDataView ToDataView(MLContext mlContext, LabelKind labelKind = LabelKind.Key)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return labelKind switch
        {
            // LoadFromEnumerable stores key members 0-based (it adds 1 to make the key value).
            LabelKind.Key => Load(mlContext, i => (uint)Labels[i], column =>
            {
                column.ColumnType = new KeyDataViewType(typeof(uint), ClassCount);
                var names = new VBuffer<ReadOnlyMemory<char>>(ClassCount, ClassNames.Select(n => n.AsMemory()).ToArray());
                column.AddAnnotation("KeyValues", names, new VectorDataViewType(TextDataViewType.Instance, ClassCount));
            }),
            LabelKind.Single => Load(mlContext, i => (float)Labels[i], null),
            LabelKind.Text => Load(mlContext, i => ClassNames[Labels[i]], null),
            LabelKind.Boolean => ClassCount == 2
                ? Load(mlContext, i => Labels[i] == 1, null)
                : throw new InvalidOperationException($"A Boolean label needs a two-class dataset; '{Name}' has {ClassCount} classes."),
            _ => throw new ArgumentOutOfRangeException(nameof(labelKind), labelKind, null),
        };
    }

    private IDataView Load<TLabel>(MLContext ml, Func<int, TLabel> label, Action<SchemaDefinition.Column>? configureLabel)
    {
        var schema = SchemaDefinition.Create(typeof(Row<TLabel>));
        schema[nameof(Row<TLabel>.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, FeatureCount);
        configureLabel?.Invoke(schema[nameof(Row<TLabel>.Label)]);
        var rows = Enumerable.Range(0, Count).Select(i => new Row<TLabel> { Features = Features[i], Label = label(i) });
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    private sealed class Row<TLabel>
    {
        public float[] Features { get; set; } = Array.Empty<float>();

        public TLabel Label { get; set; } = default!;
    }
}
