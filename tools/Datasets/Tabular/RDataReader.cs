// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Buffers.Binary;
using System.Text;

namespace Microsoft.ML.Sparse.Samples.Datasets;

/// <summary>
/// Reads the data frames of an R data file saved in R's XDR serialization (<c>RDX2</c>/<c>RDX3</c>, uncompressed):
/// the UCI tables of Debian's r-cran-mlbench, which build/setup decompresses (<c>xz -d</c>) into
/// <c>$MLSPARSE_DATA/mlbench/NAME.rdx</c>. Numeric, integer and logical columns become numeric columns, factors
/// (and ordered factors) become factor columns; NA becomes missing.
/// </summary>
public sealed class RDataReader
{
    private const int NaInteger = int.MinValue;
    private readonly byte[] bytes;
    private readonly List<object?> references = new();
    private int position;

    private RDataReader(byte[] bytes) => this.bytes = bytes;

    /// <summary>Where build/setup puts the decompressed mlbench files.</summary>
    public static string DefaultDirectory => DataPaths.Under("mlbench");

    /// <summary>Reads the data frame saved as <c>name</c> in <c>name.rdx</c> under <paramref name="directory"/>.</summary>
    public static DataFrame Load(string name, string? directory = null) => Read(Path.Combine(directory ?? DefaultDirectory, name + ".rdx"));

    /// <summary>Reads the first data frame of an uncompressed <c>.rda</c> file.</summary>
    public static DataFrame Read(string path)
    {
        var data = File.ReadAllBytes(path);
        if (data.Length < 14 || Encoding.ASCII.GetString(data, 0, 7) is not ("RDX2\nX\n" or "RDX3\nX\n"))
            throw new InvalidDataException($"{path}: not an uncompressed XDR R data file (decompress it with 'xz -d' first).");
        var reader = new RDataReader(data) { position = 7 };
        int version = reader.Int();
        reader.Int();
        reader.Int();
        if (version == 3)
            reader.position += 4 + reader.Int();
        if (reader.Item() is not Node { Type: 2 } saved || saved.Value is not Node frame)
            throw new InvalidDataException($"{path}: expected a pair list of saved objects.");
        if (frame.Value is not object?[] values || frame.Attribute("names") is not string?[] names)
            throw new InvalidDataException($"{path}: the first saved object is not a data frame.");
        var columns = new List<DataFrameColumn>();
        for (int j = 0; j < values.Length; j++)
            columns.Add(Column(names[j] ?? $"V{j + 1}", values[j], path));
        return new DataFrame(Path.GetFileNameWithoutExtension(path), columns);
    }

    private static DataFrameColumn Column(string name, object? value, string path) => value switch
    {
        Node { Value: int[] codes } n when n.Attribute("levels") is string?[] levels =>
            DataFrameColumn.Factor(name, codes.Select(c => c == NaInteger ? -1 : c - 1).ToArray(), levels.Select(l => l ?? "NA").ToArray()),
        Node { Value: int[] ints } => DataFrameColumn.Numeric(name, ints.Select(i => i == NaInteger ? double.NaN : i).ToArray()),
        Node { Value: double[] reals } => DataFrameColumn.Numeric(name, reals),
        _ => throw new InvalidDataException($"{path}: column '{name}' is neither numeric nor a factor."),
    };

    /// <summary>An R object: its type, value (array, string, or the CAR of a pair list), attributes, tag and CDR.</summary>
    private sealed class Node
    {
        public int Type;
        public object? Value;
        public Node? Attributes;
        public object? Tag;
        public object? Next;

        public object? Attribute(string name)
        {
            for (var a = Attributes; a is not null; a = a.Next as Node)
                if (a.Tag as string == name)
                    return a.Value is Node { Type: not 2 } inner ? inner.Value : a.Value;
            return null;
        }
    }

    private int Int()
    {
        int v = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(position, 4));
        position += 4;
        return v;
    }

    private long Length()
    {
        int n = Int();
        return n != -1 ? n : ((long)Int() << 32) | (uint)Int();
    }

    private object? Item()
    {
        int flags = Int();
        int type = flags & 0xFF;
        bool hasAttributes = (flags & (1 << 9)) != 0, hasTag = (flags & (1 << 10)) != 0;
        switch (type)
        {
            case 254: case 253: case 252: case 251: case 242: case 241: // NULL, environments, markers
                return null;
            case 255: // reference to an earlier symbol
                int index = flags >> 8;
                return references[(index == 0 ? Int() : index) - 1];
            case 1: // symbol
                var symbol = Item() as string;
                references.Add(symbol);
                return symbol;
            case 2: case 239: // pair list
                var node = new Node { Type = 2 };
                if (hasAttributes) node.Attributes = Item() as Node;
                if (hasTag) node.Tag = Item();
                node.Value = Item();
                node.Next = Item();
                return node;
            case 9: // CHARSXP
                int n = Int();
                if (n == -1) return null;
                string s = Encoding.UTF8.GetString(bytes, position, n);
                position += n;
                return s;
        }
        var result = new Node { Type = type };
        long length = Length();
        switch (type)
        {
            case 10: case 13: // logical, integer
                var ints = new int[length];
                for (long i = 0; i < length; i++) ints[i] = Int();
                result.Value = ints;
                break;
            case 14: // real
                var reals = new double[length];
                for (long i = 0; i < length; i++)
                {
                    reals[i] = BinaryPrimitives.ReadDoubleBigEndian(bytes.AsSpan(position, 8));
                    position += 8;
                }
                result.Value = reals;
                break;
            case 16: // character vector
                var strings = new string?[length];
                for (long i = 0; i < length; i++) strings[i] = Item() as string;
                result.Value = strings;
                break;
            case 19: // list
                var items = new object?[length];
                for (long i = 0; i < length; i++) items[i] = Item() is Node { Type: not 2 } v ? v : null;
                result.Value = items;
                break;
            default:
                throw new InvalidDataException($"R object type {type} at byte {position - 8} is not supported (only data frames of numbers and factors).");
        }
        if (hasAttributes)
            result.Attributes = Item() as Node;
        return result;
    }
}
