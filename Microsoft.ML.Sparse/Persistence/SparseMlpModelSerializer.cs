// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.ML.Sparse.Inference;

namespace Microsoft.ML.Sparse.Persistence;

/// <summary>
/// Compact binary format of a <see cref="SparseMlpInferenceModel"/> (all numbers little-endian):
/// <code>
/// "SMLP" | u16 format version (1) | i64 payload length | payload | u32 CRC-32 of the payload
/// payload: i32 layer count, then per layer:
///   string name | u8 kind (1 dense, 2 CSR) | u8 activation (0 identity, 1 ReLU, 2 clamp to [0, 1]: the input encoding)
///   i32 rows | i32 columns | i32 trained rows | i32 trained columns | i64 active links | f32[rows] bias
///   dense: f32[rows·columns] row-major
///   CSR:   u8 index width (2 when columns &lt;= 65536, else 4) | i32 entries | i32[rows+1] row pointers
///          | u16 or i32 [entries] column indices | f32[entries] values
/// </code>
/// Only links are stored and neurons removed by percolation are absent, so a 1%-density model is a few percent of
/// the dense one. <see cref="Read"/> validates everything (checksum, sizes, index ranges, monotone row pointers,
/// finite values) and reports any defect as <see cref="InvalidDataException"/>.
/// </summary>
internal static class SparseMlpModelSerializer
{
    /// <summary>Current format version.</summary>
    public const ushort FormatVersion = 1;

    private static ReadOnlySpan<byte> Magic => "SMLP"u8;
    private const int MaxLayers = 4096;
    private const int MaxNameLength = 256;
    private const string Corrupt = "The sparse MLP model data is corrupt or truncated";

    /// <summary>Writes <paramref name="model"/>.</summary>
    public static void Write(BinaryWriter writer, SparseMlpInferenceModel model)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(model);
        using var buffer = new MemoryStream();
        using (var payload = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
            WritePayload(payload, model);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        ChecksummedPayload.Write(writer, bytes);
    }

    /// <summary>Reads a model written by <see cref="Write"/>; throws <see cref="InvalidDataException"/> when the data is corrupt or truncated.</summary>
    public static SparseMlpInferenceModel Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        try
        {
            Span<byte> magic = stackalloc byte[4];
            reader.BaseStream.ReadExactly(magic);
            if (!magic.SequenceEqual(Magic))
                throw Fail("it does not start with the sparse MLP signature");
            ushort version = reader.ReadUInt16();
            if (version != FormatVersion)
                throw new InvalidDataException($"{Corrupt}: unknown format version {version} (this build reads version {FormatVersion}; the model may come from a newer Microsoft.ML.Sparse).");
            using var payload = new BinaryReader(ChecksummedPayload.OpenVerified(reader, 4, Array.MaxLength, Fail), Encoding.UTF8);
            var model = ReadPayload(payload);
            if (payload.BaseStream.Position != payload.BaseStream.Length)
                throw Fail($"{payload.BaseStream.Length - payload.BaseStream.Position} unexpected bytes after the last layer");
            return model;
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException($"{Corrupt}: it ends too early.", ex);
        }
        catch (ArgumentException ex)
        {
            // Structural checks of CsrMatrix / DenseMatrix / InferenceLayer / SparseMlpInferenceModel.
            throw new InvalidDataException($"{Corrupt}: {ex.Message}", ex);
        }
    }

    private static void WritePayload(BinaryWriter w, SparseMlpInferenceModel model)
    {
        w.Write(model.Layers.Count);
        foreach (var layer in model.Layers)
        {
            w.Write(layer.Name);
            w.Write((byte)layer.Kind);
            w.Write((byte)layer.Activation);
            w.Write(layer.OutputSize);
            w.Write(layer.InputSize);
            w.Write(layer.OriginalOutputSize);
            w.Write(layer.OriginalInputSize);
            w.Write(layer.ActiveLinks);
            WriteArray(w, layer.Bias);
            if (layer.Kind == InferenceLayerKind.Dense)
            {
                WriteArray(w, layer.Dense!.Values);
                continue;
            }
            var csr = layer.Csr!;
            w.Write((byte)(csr.Uses16BitIndices ? 2 : 4));
            w.Write(csr.NonZeroCount);
            WriteArray(w, csr.RowPointers);
            if (csr.Uses16BitIndices)
                WriteArray(w, csr.ColumnIndices16);
            else
                WriteArray(w, csr.ColumnIndices32);
            WriteArray(w, csr.Values);
        }
    }

    private static SparseMlpInferenceModel ReadPayload(BinaryReader r)
    {
        int count = r.ReadInt32();
        if (count < 1 || count > MaxLayers)
            throw Fail($"invalid layer count {count}");
        var layers = new InferenceLayer[count];
        for (int i = 0; i < count; i++)
            layers[i] = ReadLayer(r, i);
        return new SparseMlpInferenceModel(layers);
    }

    private static InferenceLayer ReadLayer(BinaryReader r, int index)
    {
        string name = r.ReadString();
        if (name.Length > MaxNameLength)
            throw Fail($"layer {index} has a {name.Length}-character name");
        byte kind = r.ReadByte();
        byte activationByte = r.ReadByte();
        if (!Enum.IsDefined((MlpActivation)activationByte))
            throw Fail($"layer {index} has unknown activation {activationByte}");
        var activation = (MlpActivation)activationByte;
        int rows = r.ReadInt32(), columns = r.ReadInt32(), originalRows = r.ReadInt32(), originalColumns = r.ReadInt32();
        long links = r.ReadInt64();
        if (rows < 0 || columns < 0 || originalRows < rows || originalColumns < columns)
            throw Fail($"layer {index} has invalid sizes {rows}x{columns} (trained {originalRows}x{originalColumns})");
        float[] bias = ReadArray<float>(r, rows, $"bias of layer {index}");
        switch ((InferenceLayerKind)kind)
        {
            case InferenceLayerKind.Dense:
                {
                    long size = (long)rows * columns;
                    if (size > Array.MaxLength)
                        throw Fail($"layer {index} is too large ({rows}x{columns})");
                    var weights = ReadArray<float>(r, (int)size, $"weights of layer {index}");
                    return new InferenceLayer(name, new DenseMatrix(rows, columns, weights), links, bias, activation, originalColumns, originalRows);
                }
            case InferenceLayerKind.Csr:
                {
                    byte width = r.ReadByte();
                    int entries = r.ReadInt32();
                    if (entries < 0 || entries > (long)rows * columns || entries != links)
                        throw Fail($"layer {index} declares {entries} entries for {links} links in a {rows}x{columns} matrix");
                    if (width == 2 && columns > CsrMatrix.MaxColumnsFor16BitIndices || width is not (2 or 4))
                        throw Fail($"layer {index} has invalid index width {width}");
                    int[] pointers = ReadArray<int>(r, rows + 1, $"row pointers of layer {index}");
                    CsrMatrix matrix;
                    if (width == 2)
                    {
                        var indices = ReadArray<ushort>(r, entries, $"column indices of layer {index}");
                        matrix = CsrMatrix.Create(rows, columns, pointers, indices, ReadArray<float>(r, entries, $"weights of layer {index}"));
                    }
                    else
                    {
                        var indices = ReadArray<int>(r, entries, $"column indices of layer {index}");
                        matrix = CsrMatrix.Create(rows, columns, pointers, indices, ReadArray<float>(r, entries, $"weights of layer {index}"));
                    }
                    return new InferenceLayer(name, matrix, bias, activation, originalColumns, originalRows);
                }
            default:
                throw Fail($"layer {index} has unknown storage kind {kind}");
        }
    }

    private static void WriteArray<T>(BinaryWriter w, ReadOnlySpan<T> values) where T : unmanaged
    {
        if (BitConverter.IsLittleEndian)
        {
            w.Write(MemoryMarshal.AsBytes(values));
            return;
        }
        var copy = values.ToArray();
        ReverseEndianness(copy);
        w.Write(MemoryMarshal.AsBytes(copy.AsSpan()));
    }

    private static T[] ReadArray<T>(BinaryReader r, int count, string what) where T : unmanaged
    {
        long bytes = (long)count * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        if (count < 0 || bytes > r.BaseStream.Length - r.BaseStream.Position)
            throw Fail($"the {what} need {bytes} bytes but only {r.BaseStream.Length - r.BaseStream.Position} remain");
        var values = new T[count];
        r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        if (!BitConverter.IsLittleEndian)
            ReverseEndianness(values);
        return values;
    }

    private static void ReverseEndianness<T>(T[] values) where T : unmanaged
    {
        if (typeof(T) == typeof(int))
            BinaryPrimitives.ReverseEndianness((int[])(object)values, (int[])(object)values);
        else if (typeof(T) == typeof(ushort))
            BinaryPrimitives.ReverseEndianness((ushort[])(object)values, (ushort[])(object)values);
        else if (typeof(T) == typeof(float))
        {
            var bits = MemoryMarshal.Cast<T, int>(values.AsSpan());
            BinaryPrimitives.ReverseEndianness(bits, bits);
        }
        else
            throw new NotSupportedException(typeof(T).Name);
    }

    private static InvalidDataException Fail(string detail) => new($"{Corrupt}: {detail}.");
}
