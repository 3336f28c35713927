using System.IO.Compression;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>Minimal reader of the (gzipped) IDX files of MNIST / Fashion-MNIST.</summary>
internal static class IdxImages
{
    /// <summary>Images as floats in [0, 1], row-major [count, rows·cols], and the labels.</summary>
    public static (float[] Pixels, int Count, int Features, long[] Labels) Read(string imagesPath, string labelsPath)
    {
        byte[] images = ReadAll(imagesPath), labels = ReadAll(labelsPath);
        if (BigEndian(images, 0) != 2051 || BigEndian(labels, 0) != 2049)
            throw new InvalidDataException($"'{imagesPath}' / '{labelsPath}' are not IDX image/label files.");
        int count = BigEndian(images, 4), features = BigEndian(images, 8) * BigEndian(images, 12);
        if (BigEndian(labels, 4) != count)
            throw new InvalidDataException("Image and label counts differ.");
        var pixels = new float[(long)count * features];
        for (long i = 0; i < pixels.Length; i++)
            pixels[i] = images[16 + i] / 255f;
        var y = new long[count];
        for (int i = 0; i < count; i++)
            y[i] = labels[8 + i];
        return (pixels, count, features, y);
    }

    private static byte[] ReadAll(string path)
    {
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static int BigEndian(byte[] data, int offset) =>
        (data[offset] << 24) | (data[offset + 1] << 16) | (data[offset + 2] << 8) | data[offset + 3];
}
