// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;

namespace Microsoft.ML.Sparse.Persistence;

/// <summary>
/// Bounds the work of loading one of our entries of a model.zip. ML.NET extracts an entry whole (to a temporary file or
/// memory) before a loader sees a byte of it, so a 2 MB file whose entry inflates to 2 GB would cost tens of seconds and
/// gigabytes before any checksum could fail. This check runs first and reads only the zip directory: an entry larger than
/// any model this library can load, or one that inflates far more than model data can (weights are close to
/// incompressible: real entries compress less than 2:1), is rejected at once.
/// </summary>
internal static class ModelEntryGuard
{
    /// <summary>The largest entry a loader can use (payloads are read into arrays).</summary>
    public const long MaxEntryBytes = int.MaxValue;

    /// <summary>Entries larger than this must not inflate more than <see cref="MaxCompressionRatio"/> times.</summary>
    public const long RatioCheckFromBytes = 1 << 20;

    /// <summary>The largest uncompressed / compressed ratio accepted for a large entry.</summary>
    public const double MaxCompressionRatio = 64;

    /// <summary>
    /// Throws <see cref="InvalidDataException"/> when the entry <paramref name="name"/> of the model being loaded is too
    /// large or inflates like a decompression bomb; does nothing when the entry is absent (the loader reports that) or
    /// the model does not come from a zip archive.
    /// </summary>
    public static void Check(ModelLoadContext ctx, string name)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (ctx.Repository is not RepositoryReader repository)
            return;
        string path = string.IsNullOrEmpty(ctx.Directory) ? name : ctx.Directory + "/" + name;
        path = path.Replace('\\', '/');
        if (!repository._entries.TryGetValue(path, out var entry) && !repository._entries.TryGetValue(path.Replace('/', '\\'), out entry))
            return;
        Check(path, entry.Length, entry.CompressedLength);
    }

    /// <summary>The size rules of <see cref="Check(ModelLoadContext, string)"/> for an entry's declared sizes.</summary>
    public static void Check(string path, long length, long compressedLength)
    {
        if (length > MaxEntryBytes)
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture,
                "The model file is damaged or hostile: its entry '{0}' declares {1:N0} bytes, more than the {2:N0} any sparse model can hold. " +
                "Load only model files you saved yourself or received from a trusted source.", path, length, MaxEntryBytes));
        if (length > RatioCheckFromBytes && length > MaxCompressionRatio * Math.Max(1, compressedLength))
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture,
                "The model file is damaged or hostile: its entry '{0}' inflates from {1:N0} to {2:N0} bytes ({3:N0}:1), while model weights " +
                "compress less than 2:1; it was rejected before extraction (a decompression bomb). Load only model files you saved yourself " +
                "or received from a trusted source.", path, compressedLength, length, (double)length / Math.Max(1, compressedLength)));
    }
}
