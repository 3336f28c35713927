// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Persistence;

/// <summary>
/// The one checksummed container of every binary payload this library writes (sparse MLP scorer, text Transformer
/// scorer, Transformer weights): after each format's own signature and version, <c>int64 length | payload | uint32
/// CRC-32 of the payload</c> (IEEE 802.3, reflected, polynomial 0xEDB88320, computed by System.IO.Hashing). Readers check
/// the length against the bytes left and the checksum before any of the payload is parsed.
/// </summary>
internal static class ChecksummedPayload
{
    private const int ChunkBytes = 1 << 16;

    /// <summary>Writes <c>length | payload | CRC-32</c>.</summary>
    public static void Write(BinaryWriter writer, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write((long)payload.Length);
        writer.Write(payload);
        writer.Write(Crc32(payload));
    }

    /// <summary>
    /// Reads <c>length | payload | CRC-32</c> into memory. Throws <paramref name="corrupt"/>'s exception when the length
    /// is outside [<paramref name="minimumLength"/>, <paramref name="maximumLength"/>] or beyond the end of a seekable
    /// stream, when the stream ends early, or when the checksum does not match.
    /// </summary>
    public static byte[] Read(BinaryReader reader, long minimumLength, long maximumLength, Func<string, Exception> corrupt)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Read(ReadLength(reader, minimumLength, maximumLength, corrupt), reader, corrupt);
    }

    /// <summary>
    /// Reads the length and verifies the checksum of the payload that follows, then returns a stream over just the
    /// payload. A seekable stream (ML.NET hands entries over as files or memory) is checksummed in 64 KB chunks and parsed
    /// in place, so memory stays bounded by the model itself and a damaged file is rejected before any array is
    /// allocated; another stream is copied first. After the payload is read the stream stands after the checksum.
    /// </summary>
    public static Stream OpenVerified(BinaryReader reader, long minimumLength, long maximumLength, Func<string, Exception> corrupt)
    {
        ArgumentNullException.ThrowIfNull(reader);
        long length = ReadLength(reader, minimumLength, maximumLength, corrupt);
        var stream = reader.BaseStream;
        if (!stream.CanSeek)
            return new MemoryStream(Read(length, reader, corrupt), writable: false);
        long start = stream.Position;
        uint actual = Crc32(stream, length);
        if (reader.ReadUInt32() != actual)
            throw corrupt("checksum mismatch");
        return new StreamSlice(stream, start, length, resumeAt: stream.Position);
    }

    /// <summary>The CRC-32 of <paramref name="data"/>.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data) => System.IO.Hashing.Crc32.HashToUInt32(data);

    /// <summary>
    /// The CRC-32 of the next <paramref name="length"/> bytes of <paramref name="stream"/>, read in 64 KB chunks (memory
    /// stays constant whatever the length); throws <see cref="EndOfStreamException"/> when the stream is shorter.
    /// </summary>
    public static uint Crc32(Stream stream, long length)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var crc = new System.IO.Hashing.Crc32();
        var buffer = new byte[(int)Math.Min(ChunkBytes, Math.Max(1, length))];
        for (long left = length; left > 0;)
        {
            int read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (read == 0)
                throw new EndOfStreamException();
            crc.Append(buffer.AsSpan(0, read));
            left -= read;
        }
        return crc.GetCurrentHashAsUInt32();
    }

    private static byte[] Read(long length, BinaryReader reader, Func<string, Exception> corrupt)
    {
        byte[] payload = reader.ReadBytes((int)length);
        if (payload.Length != length)
            throw corrupt("the payload ends too early");
        if (reader.ReadUInt32() != Crc32(payload))
            throw corrupt("checksum mismatch");
        return payload;
    }

    private static long ReadLength(BinaryReader reader, long minimumLength, long maximumLength, Func<string, Exception> corrupt)
    {
        long length = reader.ReadInt64();
        if (length < minimumLength || length > Math.Min(maximumLength, Array.MaxLength))
            throw corrupt($"invalid payload length {length}");
        var stream = reader.BaseStream;
        if (stream.CanSeek && length > stream.Length - stream.Position - sizeof(uint))
            throw corrupt(TooShort(length, stream.Length - stream.Position));
        return length;
    }

    /// <summary>The message for a payload of <paramref name="length"/> bytes and its checksum that do not fit in the <paramref name="remaining"/> bytes.</summary>
    private static string TooShort(long length, long remaining) =>
        $"the payload ends too early: its {length} bytes and their {sizeof(uint)}-byte checksum need {length + sizeof(uint)} bytes but only {remaining} remain";
}
