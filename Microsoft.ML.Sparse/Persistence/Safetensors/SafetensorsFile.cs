// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Microsoft.ML.Sparse.Persistence.Safetensors;

/// <summary>
/// Reads and writes the safetensors format (what <c>safetensors.torch.save_file</c> writes): an 8-byte little-endian
/// header length N, N bytes of UTF-8 JSON mapping each tensor name to {"dtype", "shape", "data_offsets": [begin, end]}
/// (offsets into the data that follows) plus an optional "__metadata__" object of string values, then the tensors'
/// raw little-endian bytes, contiguous. The writer pads the header with spaces to a multiple of 8 bytes, as the
/// reference writer does. The reader checks every offset, size and type before it allocates.
/// </summary>
internal static class SafetensorsFile
{
    /// <summary>Largest header accepted (the reference implementation's limit is 100 MB).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private const string MetadataKey = "__metadata__";

    /// <summary>Writes the tensors (in the given order) and the metadata.</summary>
    public static void Write(Stream stream, IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(metadata);
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Writing safetensors needs a little-endian machine.");
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            writer.WriteStartObject(MetadataKey);
            foreach (var (key, value) in metadata)
                writer.WriteString(key, value);
            writer.WriteEndObject();
            long offset = 0;
            foreach (var tensor in tensors)
            {
                writer.WriteStartObject(tensor.Name);
                writer.WriteString("dtype", Name(tensor.DType));
                writer.WriteStartArray("shape");
                foreach (long dim in tensor.Shape)
                    writer.WriteNumberValue(dim);
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(offset += tensor.Data.Length);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        int padding = (int)((8 - json.Length % 8) % 8);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)(json.Length + padding));
        stream.Write(length);
        json.Position = 0;
        json.CopyTo(stream);
        for (int i = 0; i < padding; i++)
            stream.WriteByte((byte)' ');
        foreach (var tensor in tensors)
            stream.Write(tensor.Data);
    }

    /// <summary>Reads every tensor and the metadata; <paramref name="what"/> names the source in error messages.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed safetensors file of supported types.</exception>
    public static (IReadOnlyDictionary<string, SafetensorsTensor> Tensors, IReadOnlyDictionary<string, string> Metadata) Read(Stream stream, string what)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Reading safetensors needs a little-endian machine.");
        Span<byte> prefix = stackalloc byte[8];
        ReadExactly(stream, prefix, what, "the header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength == 0 || headerLength > MaxHeaderBytes)
            throw new InvalidDataException($"{what} is not a safetensors file: its header length is {headerLength} bytes (expected 1 to {MaxHeaderBytes:N0}).");
        var header = new byte[headerLength];
        ReadExactly(stream, header, what, "the JSON header");
        var tensors = new Dictionary<string, SafetensorsTensor>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<(string Name, SafetensorsDType Type, long[] Shape, long Begin, long End)>();
        try
        {
            using var document = JsonDocument.Parse(Encoding.UTF8.GetString(header).TrimEnd(' '));
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                {
                    foreach (var item in property.Value.EnumerateObject())
                        metadata[item.Name] = item.Value.GetString() ?? "";
                    continue;
                }
                var type = Parse(property.Value.GetProperty("dtype").GetString(), property.Name, what);
                long[] shape = property.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
                long[] offsets = property.Value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
                if (offsets.Length != 2 || shape.Any(d => d < 0))
                    throw new InvalidDataException($"{what}: tensor '{property.Name}' has a negative dimension or not two data offsets.");
                entries.Add((property.Name, type, shape, offsets[0], offsets[1]));
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or DecoderFallbackException)
        {
            throw new InvalidDataException($"{what} is not a safetensors file: its header is not the expected JSON ({ex.Message}).", ex);
        }
        long expected = 0;
        foreach (var entry in entries.OrderBy(e => e.Begin))
        {
            long count = 1;
            foreach (long d in entry.Shape)
                count = checked(count * d);
            long bytes = count * SafetensorsTensor.ElementSize(entry.Type);
            if (entry.Begin != expected || entry.End - entry.Begin != bytes || bytes > Array.MaxLength)
                throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture,
                    "{0}: tensor '{1}' has data offsets [{2}, {3}] but its shape [{4}] of {5} needs {6} bytes starting at {7}; the file is damaged.",
                    what, entry.Name, entry.Begin, entry.End, string.Join(", ", entry.Shape), entry.Type, bytes, expected));
            expected = entry.End;
        }
        foreach (var entry in entries.OrderBy(e => e.Begin))
        {
            var data = new byte[entry.End - entry.Begin];
            ReadExactly(stream, data, what, $"tensor '{entry.Name}'");
            tensors[entry.Name] = new SafetensorsTensor(entry.Name, entry.Type, entry.Shape, data);
        }
        return (tensors, metadata);
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string what, string part)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException($"{what} is truncated: it ends inside {part}.", ex);
        }
    }

    private static string Name(SafetensorsDType type) => type switch
    {
        SafetensorsDType.F32 => "F32",
        SafetensorsDType.Bool => "BOOL",
        _ => "U8",
    };

    private static SafetensorsDType Parse(string? name, string tensor, string what) => name switch
    {
        "F32" => SafetensorsDType.F32,
        "BOOL" => SafetensorsDType.Bool,
        "U8" => SafetensorsDType.U8,
        _ => throw new InvalidDataException($"{what}: tensor '{tensor}' has dtype {name}; only F32 weights and BOOL/U8/F32 masks are read. Convert it in PyTorch (weight.float(), mask.bool()) before saving."),
    };
}
