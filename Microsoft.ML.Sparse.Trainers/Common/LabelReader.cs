// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using Microsoft.ML.Data;

namespace Microsoft.ML.Sparse.Trainers;

/// <summary>Reads labels of one task and checks them per row.</summary>
internal sealed class LabelReader
{
    private readonly DataViewSchema.Column _column;
    private readonly SparsePredictionKind _kind;
    private Func<ulong>? _key;
    private ValueGetter<bool>? _boolean;
    private ValueGetter<float>? _single;

    /// <summary>A reader of <paramref name="column"/> for the labels of <paramref name="kind"/>.</summary>
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

    /// <summary>Multiclass: the key count; binary: 2; regression: 0.</summary>
    public int ClassCount { get; }

    /// <summary>The label column.</summary>
    public DataViewSchema.Column Column => _column;

    /// <summary>The task the labels are read for.</summary>
    public SparsePredictionKind Kind => _kind;

    /// <summary>Takes the label getter of a cursor (call before <see cref="ReadRow"/>).</summary>
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

    /// <summary>The checked label of the cursor's current row: a 0-based class index (multiclass) or a target (binary 0/1, regression).</summary>
    /// <param name="row">The row's index, for messages.</param>
    /// <param name="classIndex">Multiclass: the class index; else 0.</param>
    /// <param name="target">Binary and regression: the target; else 0.</param>
    public void ReadRow(long row, out int classIndex, out float target)
    {
        classIndex = 0;
        target = 0;
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
                    classIndex = (int)(key - 1);
                    break;
                }
            case SparsePredictionKind.BinaryClassification:
                {
                    bool value = false;
                    _boolean!(ref value);
                    target = value ? 1f : 0f;
                    break;
                }
            default:
                {
                    float value = 0;
                    _single!(ref value);
                    if (!float.IsFinite(value))
                        throw new InvalidOperationException($"Row {row} has label {value.ToString(CultureInfo.InvariantCulture)} in column '{_column.Name}'; regression labels must be finite. Remove or fix those rows first.");
                    target = value;
                    break;
                }
        }
    }

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
