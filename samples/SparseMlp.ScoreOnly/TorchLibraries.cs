// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.ScoreOnly;

/// <summary>The libtorch / LibTorchSharp native libraries mapped into this process (Linux /proc/self/maps).</summary>
internal static class TorchLibraries
{
    public static string[] Mapped() => File.ReadLines("/proc/self/maps")
        .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "")
        .Where(path => path.Contains("libtorch", StringComparison.OrdinalIgnoreCase) || path.Contains("LibTorchSharp", StringComparison.OrdinalIgnoreCase)
                       || path.Contains("libc10", StringComparison.OrdinalIgnoreCase))
        .Distinct()
        .ToArray();
}
