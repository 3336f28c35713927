// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Buffers.Binary;
using System.IO.Compression;

namespace Microsoft.ML.Sparse.Samples.Datasets;

/// <summary>
/// Reader of the IDX files used by MNIST and Fashion-MNIST (raw or gzip-compressed, detected from the content):
/// big-endian magic 0x00000803 + count + rows + columns + pixels for images, 0x00000801 + count + labels for labels.
/// Magic numbers, dimensions and the exact file length are validated; defects throw <see cref="InvalidDataException"/>
/// naming the file.
/// </summary>
public static class IdxFile
{
    /// <summary>Magic number of an IDX file of unsigned-byte 3-D data (images).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of an IDX file of unsigned-byte 1-D data (labels).</summary>
    public const int LabelsMagic = 0x00000801;

    private const int MaxSide = 4096;

    /// <summary>Images of an IDX file: <paramref name="Count"/> images of <paramref name="Rows"/>×<paramref name="Columns"/> bytes, row-major.</summary>
    /// <param name="Count">Number of images.</param>
    /// <param name="Rows">Pixel rows per image.</param>
    /// <param name="Columns">Pixel columns per image.</param>
    /// <param name="Pixels">All pixels, image after image (Count·Rows·Columns bytes).</param>
    public sealed record Images(int Count, int Rows, int Columns, byte[] Pixels)
    {
        /// <summary>Pixels per image.</summary>
        public int PixelsPerImage => Rows * Columns;
    }

    /// <summary>Reads an images file (at most <paramref name="maxCount"/> images when given).</summary>
    public static Images ReadImages(string path, int? maxCount = null)
    {
        var data = ReadAll(path);
        CheckHeader(path, data, ImagesMagic, 16);
        int count = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(4)), rows = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(8)), columns = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(12));
        if (count < 0 || rows <= 0 || columns <= 0 || rows > MaxSide || columns > MaxSide)
            throw new InvalidDataException($"'{path}' declares invalid dimensions {count}x{rows}x{columns}.");
        CheckLength(path, data, 16, (long)count * rows * columns);
        int kept = Math.Min(count, maxCount ?? count);
        return new Images(kept, rows, columns, data.AsSpan(16, kept * rows * columns).ToArray());
    }

    /// <summary>Reads a labels file (at most <paramref name="maxCount"/> labels when given).</summary>
    public static byte[] ReadLabels(string path, int? maxCount = null)
    {
        var data = ReadAll(path);
        CheckHeader(path, data, LabelsMagic, 8);
        int count = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(4));
        if (count < 0)
            throw new InvalidDataException($"'{path}' declares {count} labels.");
        CheckLength(path, data, 8, count);
        return data.AsSpan(8, Math.Min(count, maxCount ?? count)).ToArray();
    }

    private static void CheckHeader(string path, byte[] data, int magic, int headerLength)
    {
        int actual = data.Length >= 4 ? BinaryPrimitives.ReadInt32BigEndian(data) : -1;
        if (data.Length >= 4 && actual != magic)
            throw new InvalidDataException($"'{path}' has magic number 0x{actual:X8}, expected 0x{magic:X8} ({(magic == ImagesMagic ? "IDX images" : "IDX labels")}).");
        if (data.Length < headerLength)
            throw new InvalidDataException($"'{path}' is too short ({data.Length} bytes) to be an IDX file.");
    }

    private static void CheckLength(string path, byte[] data, int header, long payload)
    {
        if (data.Length != header + payload)
            throw new InvalidDataException($"'{path}' has {data.Length - header} data bytes but its header declares {payload} (truncated or corrupt file).");
    }

    private static byte[] ReadAll(string path)
    {
        using var file = File.OpenRead(path);
        int b0 = file.ReadByte(), b1 = file.ReadByte();
        file.Position = 0;
        bool gzip = b0 == 0x1F && b1 == 0x8B;
        using var memory = new MemoryStream();
        try
        {
            if (gzip)
            {
                using var unzip = new GZipStream(file, CompressionMode.Decompress);
                unzip.CopyTo(memory);
            }
            else
                file.CopyTo(memory);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"'{path}' is a damaged gzip file: {ex.Message}", ex);
        }
        return memory.ToArray();
    }
}
