// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using Microsoft.ML.Data;

namespace Microsoft.ML.Sparse;

/// <summary>
/// A snapshot of the KeyValues annotation of a training label (the class names), kept by the multiclass transformer
/// to annotate PredictedLabel (KeyValues) and Score (TrainingLabelValues, and SlotNames when the values are text),
/// and persisted with it.
/// </summary>
internal abstract class LabelKeyValues
{
    private static readonly (byte Code, PrimitiveDataViewType Type)[] Types =
    {
        (1, TextDataViewType.Instance), (2, NumberDataViewType.Single), (3, NumberDataViewType.Double),
        (4, NumberDataViewType.SByte), (5, NumberDataViewType.Byte), (6, NumberDataViewType.Int16),
        (7, NumberDataViewType.UInt16), (8, NumberDataViewType.Int32), (9, NumberDataViewType.UInt32),
        (10, NumberDataViewType.Int64), (11, NumberDataViewType.UInt64), (12, BooleanDataViewType.Instance),
    };

    /// <summary>Number of classes.</summary>
    public abstract int Count { get; }

    /// <summary>The annotation type, Vector&lt;item, Count&gt;.</summary>
    public abstract VectorDataViewType Type { get; }

    /// <summary>The values as strings (invariant culture), for display.</summary>
    public abstract IReadOnlyList<string> ToStrings();

    /// <summary>Adds the values as annotation <paramref name="kind"/>.</summary>
    public abstract void AddTo(DataViewSchema.Annotations.Builder builder, string kind);

    /// <summary>Writes item type code, count and values.</summary>
    public abstract void Write(BinaryWriter writer);

    /// <summary>The KeyValues of <paramref name="label"/>, or null when it has none.</summary>
    public static LabelKeyValues? FromColumn(DataViewSchema.Column label)
    {
        var column = label.Annotations.Schema.GetColumnOrNull(ScoreAnnotations.KeyValues);
        if (column is null)
            return null;
        if (column.Value.Type is not VectorDataViewType { IsKnownSize: true } vector)
            throw new ArgumentException($"The KeyValues of label column '{label.Name}' must be a known-size vector, got {column.Value.Type}.");
        if (!Types.Any(t => t.Type.Equals(vector.ItemType)))
            throw new ArgumentException($"KeyValues of type {vector.ItemType} (label column '{label.Name}') are not supported; map the label from text or numbers with MapValueToKey.");
        return vector.ItemType.RawType switch
        {
            var t when t == typeof(ReadOnlyMemory<char>) => Read<ReadOnlyMemory<char>>(label, vector),
            var t when t == typeof(float) => Read<float>(label, vector),
            var t when t == typeof(double) => Read<double>(label, vector),
            var t when t == typeof(sbyte) => Read<sbyte>(label, vector),
            var t when t == typeof(byte) => Read<byte>(label, vector),
            var t when t == typeof(short) => Read<short>(label, vector),
            var t when t == typeof(ushort) => Read<ushort>(label, vector),
            var t when t == typeof(int) => Read<int>(label, vector),
            var t when t == typeof(uint) => Read<uint>(label, vector),
            var t when t == typeof(long) => Read<long>(label, vector),
            var t when t == typeof(ulong) => Read<ulong>(label, vector),
            _ => Read<bool>(label, vector),
        };
    }

    /// <summary>Text key values from <paramref name="names"/>.</summary>
    public static LabelKeyValues FromStrings(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Any(n => n is null))
            throw new ArgumentException("Class names must not be null.", nameof(names));
        return new Typed<ReadOnlyMemory<char>>(new VectorDataViewType(TextDataViewType.Instance, names.Count), names.Select(n => n.AsMemory()).ToArray());
    }

    /// <summary>Reads what <see cref="Write"/> wrote; throws <see cref="InvalidDataException"/> when corrupt.</summary>
    public static LabelKeyValues Read(BinaryReader reader, int expectedCount)
    {
        byte code = reader.ReadByte();
        int count = reader.ReadInt32();
        if (count != expectedCount)
            throw new InvalidDataException($"The sparse model is corrupt: {count} class names for {expectedCount} classes.");
        var item = Types.FirstOrDefault(t => t.Code == code).Type
            ?? throw new InvalidDataException($"The sparse model is corrupt: unknown class-name type code {code}.");
        var type = new VectorDataViewType(item, count);
        return code switch
        {
            1 => new Typed<ReadOnlyMemory<char>>(type, ReadValues(count, () => reader.ReadString().AsMemory())),
            2 => new Typed<float>(type, ReadValues(count, reader.ReadSingle)),
            3 => new Typed<double>(type, ReadValues(count, reader.ReadDouble)),
            4 => new Typed<sbyte>(type, ReadValues(count, reader.ReadSByte)),
            5 => new Typed<byte>(type, ReadValues(count, reader.ReadByte)),
            6 => new Typed<short>(type, ReadValues(count, reader.ReadInt16)),
            7 => new Typed<ushort>(type, ReadValues(count, reader.ReadUInt16)),
            8 => new Typed<int>(type, ReadValues(count, reader.ReadInt32)),
            9 => new Typed<uint>(type, ReadValues(count, reader.ReadUInt32)),
            10 => new Typed<long>(type, ReadValues(count, reader.ReadInt64)),
            11 => new Typed<ulong>(type, ReadValues(count, reader.ReadUInt64)),
            _ => new Typed<bool>(type, ReadValues(count, reader.ReadBoolean)),
        };
    }

    private static T[] ReadValues<T>(int count, Func<T> read)
    {
        var values = new T[count];
        for (int i = 0; i < count; i++)
            values[i] = read();
        return values;
    }

    private static Typed<T> Read<T>(DataViewSchema.Column label, VectorDataViewType type)
    {
        VBuffer<T> buffer = default;
        label.Annotations.GetValue(ScoreAnnotations.KeyValues, ref buffer);
        return new Typed<T>(type, buffer.DenseValues().ToArray());
    }

    private sealed class Typed<T> : LabelKeyValues
    {
        private readonly T[] _values;

        public Typed(VectorDataViewType type, T[] values)
        {
            Type = type;
            _values = values;
        }

        public override int Count => _values.Length;

        public override VectorDataViewType Type { get; }

        public override IReadOnlyList<string> ToStrings() =>
            _values.Select(v => v is ReadOnlyMemory<char> text ? text.ToString() : Convert.ToString(v, CultureInfo.InvariantCulture) ?? "").ToArray();

        public override void AddTo(DataViewSchema.Annotations.Builder builder, string kind)
        {
            var values = _values;
            builder.Add(kind, Type, (ref VBuffer<T> dst) =>
            {
                var editor = VBufferEditor.Create(ref dst, values.Length);
                values.CopyTo(editor.Values);
                dst = editor.Commit();
            });
        }

        public override void Write(BinaryWriter writer)
        {
            writer.Write(Types.First(t => t.Type.Equals(Type.ItemType)).Code);
            writer.Write(_values.Length);
            foreach (var value in _values)
            {
                switch (value)
                {
                    case ReadOnlyMemory<char> v: writer.Write(v.ToString()); break;
                    case float v: writer.Write(v); break;
                    case double v: writer.Write(v); break;
                    case sbyte v: writer.Write(v); break;
                    case byte v: writer.Write(v); break;
                    case short v: writer.Write(v); break;
                    case ushort v: writer.Write(v); break;
                    case int v: writer.Write(v); break;
                    case uint v: writer.Write(v); break;
                    case long v: writer.Write(v); break;
                    case ulong v: writer.Write(v); break;
                    case bool v: writer.Write(v); break;
                    default: throw new NotSupportedException(typeof(T).Name);
                }
            }
        }
    }
}
