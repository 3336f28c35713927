// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Core.Schedules;

/// <summary>
/// What one topology round works with (<see cref="TopologyTimetable.RoundAt"/>), the same for the TorchSharp and the
/// managed scheduler: the removal fraction ζ, the soft-removal temperature, the density the layers hold after the round
/// and, with a density surplus, the density removal cuts down to before regrowth.
/// </summary>
/// <param name="Zeta">Share of links removed (with a surplus: the share above <paramref name="KeepDensity"/>).</param>
/// <param name="Temperature">Soft-removal temperature.</param>
/// <param name="Density">Target density of every sparse layer after the round.</param>
/// <param name="KeepDensity">With a density surplus, the final density that removal keeps; otherwise null.</param>
internal readonly record struct RoundSchedule(double Zeta, double Temperature, double Density, double? KeepDensity)
{
    /// <summary>Links each layer holds after the round, for layers of the given (rows, columns).</summary>
    public long[] TargetLinks(IReadOnlyList<(long Rows, long Columns)> shapes) => Links(shapes, Density);

    /// <summary>Links removal keeps in each layer (the density surplus's final density), or null without a surplus.</summary>
    public long[]? KeepLinks(IReadOnlyList<(long Rows, long Columns)> shapes) => KeepDensity is { } keep ? Links(shapes, keep) : null;

    private static long[] Links(IReadOnlyList<(long Rows, long Columns)> shapes, double density) =>
        shapes.Select(s => TargetLinkCount.For(s.Rows, s.Columns, density)).ToArray();
}
