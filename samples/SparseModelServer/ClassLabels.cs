// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using Microsoft.ML.Data;

namespace Microsoft.ML.Sparse.Samples.ModelServer;

/// <summary>
/// Label values as the API writes them, whatever the label type: text as is, Booleans as <c>true</c>/<c>false</c>,
/// numbers in the invariant culture (the shortest text that round-trips, so a label 7 is "7"). ML.NET keeps a
/// multiclass model's classes in annotations: the Score column's <c>SlotNames</c> only for text labels, its
/// <c>TrainingLabelValues</c> and the PredictedLabel key's <c>KeyValues</c> for every label type.
/// </summary>
public static class ClassLabels
{
    /// <summary>The value as the API writes it.</summary>
    public static string Format(object value) => value switch
    {
        bool b => b ? "true" : "false",
        ReadOnlyMemory<char> text => text.ToString(),
        string text => text,
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>
    /// The class of each Score slot, in slot order: the Score column's SlotNames, else its TrainingLabelValues, else
    /// the KeyValues of <paramref name="predictedLabel"/>; empty when none is there (the API then names classes by index).
    /// </summary>
    public static IReadOnlyList<string> Read(DataViewSchema.Column score, DataViewSchema.Column? predictedLabel)
    {
        int slots = score.Type is VectorDataViewType vector ? vector.Size : 0;
        foreach (string kind in new[] { "SlotNames", "TrainingLabelValues" })
            if (ReadVector(score, kind) is { } values && values.Count == slots)
                return values;
        if (predictedLabel is { Type: KeyDataViewType } key && KeyValues(key) is { } keyValues && keyValues.Count == slots)
            return keyValues;
        return Array.Empty<string>();
    }

    /// <summary>The KeyValues of a key column (the value of key k is element k - 1), or null when it has none.</summary>
    public static IReadOnlyList<string>? KeyValues(DataViewSchema.Column key) => ReadVector(key, "KeyValues");

    private static IReadOnlyList<string>? ReadVector(DataViewSchema.Column column, string kind)
    {
        if (column.Annotations.Schema.GetColumnOrNull(kind)?.Type is not VectorDataViewType { ItemType: var item })
            return null;
        return item.RawType switch
        {
            var t when t == typeof(ReadOnlyMemory<char>) => Values<ReadOnlyMemory<char>>(column, kind),
            var t when t == typeof(bool) => Values<bool>(column, kind),
            var t when t == typeof(float) => Values<float>(column, kind),
            var t when t == typeof(double) => Values<double>(column, kind),
            var t when t == typeof(sbyte) => Values<sbyte>(column, kind),
            var t when t == typeof(byte) => Values<byte>(column, kind),
            var t when t == typeof(short) => Values<short>(column, kind),
            var t when t == typeof(ushort) => Values<ushort>(column, kind),
            var t when t == typeof(int) => Values<int>(column, kind),
            var t when t == typeof(uint) => Values<uint>(column, kind),
            var t when t == typeof(long) => Values<long>(column, kind),
            var t when t == typeof(ulong) => Values<ulong>(column, kind),
            _ => null,
        };
    }

    private static string[] Values<T>(DataViewSchema.Column column, string kind)
    {
        VBuffer<T> buffer = default;
        column.Annotations.GetValue(kind, ref buffer);
        return buffer.DenseValues().Select(v => Format(v!)).ToArray();
    }
}
