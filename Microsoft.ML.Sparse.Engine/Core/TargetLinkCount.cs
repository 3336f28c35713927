// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Core;

/// <summary>
/// The exact number of links a sparse layer holds at a given density: round(density · rows · columns), halves
/// rounded away from zero, then clamped to [1, rows · columns] so no layer is ever empty.
/// </summary>
internal static class TargetLinkCount
{
    public static long For(long rows, long columns, double density)
    {
        if (rows <= 0 || columns <= 0)
            throw new ArgumentOutOfRangeException(nameof(rows), $"Layer shape must be positive, got {rows}x{columns}.");
        if (double.IsNaN(density) || density <= 0 || density > 1)
            throw new ArgumentOutOfRangeException(nameof(density), density, "Density must be in (0, 1].");
        long total = checked(rows * columns);
        long links = (long)Math.Round(density * total, MidpointRounding.AwayFromZero);
        return Math.Clamp(links, 1, total);
    }
}
