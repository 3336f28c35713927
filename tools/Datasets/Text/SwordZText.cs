// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Microsoft.ML.Sparse.Samples.Datasets;

/// <summary>
/// Reads the entries of a SWORD "zText" Bible module (Debian packages sword-text-*), in versification order.
/// </summary>
/// <remarks>
/// A module holds, per testament (<c>ot</c>, <c>nt</c>), three files: <c>.bzv</c> (10 bytes per entry: u32 block,
/// u32 offset in the inflated block, u16 size), <c>.bzs</c> (12 bytes per block: u32 offset in <c>.bzz</c>, u32
/// compressed size, u32 inflated size) and <c>.bzz</c> (zlib-compressed blocks). Entry i of two modules with the same
/// versification is the same slot (module heading, book heading, chapter heading or verse), which is what lets two
/// translations be paired verse by verse. Entries are OSIS markup, returned as stored.
/// </remarks>
public static class SwordZText
{
    /// <summary>The entries of one testament (<c>"ot"</c> or <c>"nt"</c>) of the module in <paramref name="moduleDirectory"/>; empty slots are "".</summary>
    public static IReadOnlyList<string> ReadTestament(string moduleDirectory, string testament)
    {
        string Path(string ext) => DataPaths.Require(System.IO.Path.Combine(moduleDirectory, testament + ext));
        byte[] verses = File.ReadAllBytes(Path(".bzv")), blocks = File.ReadAllBytes(Path(".bzs")), text = File.ReadAllBytes(Path(".bzz"));
        if (verses.Length % 10 != 0 || blocks.Length % 12 != 0)
            throw new InvalidDataException($"'{moduleDirectory}' is not a SWORD zText module: index sizes {verses.Length} and {blocks.Length}.");
        var inflated = new Dictionary<int, byte[]>();
        var entries = new string[verses.Length / 10];
        for (int i = 0; i < entries.Length; i++)
        {
            var v = verses.AsSpan(i * 10, 10);
            int block = (int)BinaryPrimitives.ReadUInt32LittleEndian(v);
            int offset = (int)BinaryPrimitives.ReadUInt32LittleEndian(v[4..]);
            int size = BinaryPrimitives.ReadUInt16LittleEndian(v[8..]);
            if (size == 0)
            {
                entries[i] = "";
                continue;
            }
            if (!inflated.TryGetValue(block, out var data))
                inflated[block] = data = Inflate(blocks, text, block, moduleDirectory);
            if ((long)offset + size > data.Length)
                throw new InvalidDataException($"Entry {i} of '{moduleDirectory}/{testament}' points outside its block.");
            entries[i] = Encoding.UTF8.GetString(data, offset, size);
        }
        return entries;
    }

    private static byte[] Inflate(byte[] blocks, byte[] text, int block, string module)
    {
        if ((block + 1) * 12 > blocks.Length)
            throw new InvalidDataException($"'{module}' refers to block {block}, which its index does not have.");
        var b = blocks.AsSpan(block * 12, 12);
        int offset = (int)BinaryPrimitives.ReadUInt32LittleEndian(b), compressed = (int)BinaryPrimitives.ReadUInt32LittleEndian(b[4..]);
        int size = (int)BinaryPrimitives.ReadUInt32LittleEndian(b[8..]);
        using var zlib = new ZLibStream(new MemoryStream(text, offset, compressed), CompressionMode.Decompress);
        var data = new byte[size];
        zlib.ReadExactly(data);
        return data;
    }
}
