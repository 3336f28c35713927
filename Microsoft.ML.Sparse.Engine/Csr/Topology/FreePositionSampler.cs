// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;
using Microsoft.ML.Sparse.Engine.Core.Kernels;
using Microsoft.ML.Sparse.Engine.Core.LinkPrediction;

namespace Microsoft.ML.Sparse.Engine.Csr.Topology;

/// <summary>
/// Uniform random sampling, without replacement, of positions of a [rows × columns] layer that are neither links nor
/// excluded candidates: rejection sampling when free positions are plentiful (sparse layers: no rows·columns
/// allocation), enumeration and a partial Fisher-Yates shuffle otherwise.
/// </summary>
internal static class FreePositionSampler
{
    /// <summary>Flat indices row·columns + column of <paramref name="count"/> distinct free positions.</summary>
    /// <param name="links">The layer's links.</param>
    /// <param name="excluded">Candidate positions that must not be drawn either, or null.</param>
    /// <param name="count">Positions wanted.</param>
    /// <param name="random">Draws.</param>
    public static long[] Sample(LinkPattern links, CandidateScores? excluded, int count, SplitMixRandom random)
    {
        long total = (long)links.Rows * links.Columns;
        long free = total - links.LinkCount - (excluded?.Count ?? 0);
        if (count < 0 || count > free)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Cannot draw {count} of {free} free positions.");
        if (count == 0)
            return Array.Empty<long>();
        if (free >= total / 2 && (long)count * 4 <= free)
            return Rejection(links, excluded, count, total, random);
        return Enumeration(links, excluded, count, free, random);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long[] Rejection(LinkPattern links, CandidateScores? excluded, int count, long total, SplitMixRandom random)
    {
        var chosen = new HashSet<long>(count);
        var result = new long[count];
        int found = 0;
        while (found < count)
        {
            long flat = random.NextInt64(total);
            int row = (int)(flat / links.Columns), column = (int)(flat % links.Columns);
            if (links.IndexOf(row, column) >= 0)
                continue;
            if (excluded != null && Contains(excluded.ColumnIndices, excluded.RowPointers[row], excluded.RowPointers[row + 1], column))
                continue;
            if (chosen.Add(flat))
                result[found++] = flat;
        }
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long[] Enumeration(LinkPattern links, CandidateScores? excluded, int count, long free, SplitMixRandom random)
    {
        var positions = new long[free];
        long n = 0;
        for (int r = 0; r < links.Rows; r++)
        {
            int k = links.RowPointers[r], kEnd = links.RowPointers[r + 1];
            int e = excluded?.RowPointers[r] ?? 0, eEnd = excluded?.RowPointers[r + 1] ?? 0;
            for (int c = 0; c < links.Columns; c++)
            {
                if (k < kEnd && links.ColumnIndices[k] == c)
                {
                    k++;
                    continue;
                }
                if (e < eEnd && excluded!.ColumnIndices[e] == c)
                {
                    e++;
                    continue;
                }
                positions[n++] = (long)r * links.Columns + c;
            }
        }
        for (int i = 0; i < count; i++)
        {
            long j = i + random.NextInt64(free - i);
            (positions[i], positions[j]) = (positions[j], positions[i]);
        }
        return positions.AsSpan(0, count).ToArray();
    }

    private static bool Contains(int[] sorted, int start, int end, int value) =>
        end > start && Array.BinarySearch(sorted, start, end - start, value) >= 0;
}
