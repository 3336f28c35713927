// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Core.Kernels;

namespace Microsoft.ML.Sparse.Tests.Engine.Csr;

/// <summary>Random link patterns for the link-prediction tests.</summary>
internal static class RandomLinkPatterns
{
    /// <summary>Each link present with probability <paramref name="density"/>; optionally about a tenth of the rows and columns emptied.</summary>
    public static LinkPattern RandomPattern(Random random, int rows, int columns, double density, bool emptyLines)
    {
        var emptyRow = Enumerable.Range(0, rows).Select(_ => emptyLines && rows > 1 && random.NextDouble() < 0.1).ToArray();
        var emptyColumn = Enumerable.Range(0, columns).Select(_ => emptyLines && columns > 1 && random.NextDouble() < 0.1).ToArray();
        var flat = new List<long>();
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                if (random.NextDouble() < density && !emptyRow[r] && !emptyColumn[c])
                    flat.Add((long)r * columns + c);
        return LinkPattern.FromFlatIndices(rows, columns, flat.ToArray());
    }
}
