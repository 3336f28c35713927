// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.IO.Compression;

namespace Microsoft.ML.Sparse.Tests.Persistence;

/// <summary>Reads, replaces and removes entries of a saved model zip held in memory (for the damaged-model tests).</summary>
internal static class ZipEntries
{
    /// <summary>The names of the zip's entries.</summary>
    public static string[] Names(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.Select(e => e.FullName).ToArray();
    }

    /// <summary>The content of the one entry whose name ends in <paramref name="suffix"/>.</summary>
    public static byte[] Read(byte[] zip, string suffix)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        using var stream = archive.Entries.Single(e => e.FullName.EndsWith(suffix, StringComparison.Ordinal)).Open();
        var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>The zip with the entry ending in <paramref name="suffix"/> replaced (or removed when the edit returns null).</summary>
    public static byte[] Edit(byte[] zip, string suffix, Func<byte[], byte[]?> edit)
    {
        var stream = new MemoryStream();
        stream.Write(zip);
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = archive.Entries.Single(e => e.FullName.EndsWith(suffix, StringComparison.Ordinal));
            var buffer = new MemoryStream();
            using (var s = entry.Open())
                s.CopyTo(buffer);
            string name = entry.FullName;
            entry.Delete();
            if (edit(buffer.ToArray()) is { } replaced)
            {
                using var s = archive.CreateEntry(name).Open();
                s.Write(replaced);
            }
        }
        return stream.ToArray();
    }
}
