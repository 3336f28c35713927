// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Persistence;

/// <summary>
/// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) used to detect corrupted model payloads; computed by
/// System.IO.Hashing (vectorised), so checking a large model costs a fraction of reading it.
/// </summary>
internal static class Crc32
{
    private const int ChunkBytes = 1 << 16;

    /// <summary>The CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => System.IO.Hashing.Crc32.HashToUInt32(data);

    /// <summary>
    /// The CRC-32 of the next <paramref name="length"/> bytes of <paramref name="stream"/>, read in 64 KB chunks (memory
    /// stays constant whatever the length); throws <see cref="EndOfStreamException"/> when the stream is shorter.
    /// </summary>
    public static uint Compute(Stream stream, long length)
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
}
