// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Core.Schedules;

/// <summary>
/// Fraction of links removed per round: ζ_t = ζ/2 · (1 + cos(π · t / T_end)) with cosine decay (the reference
/// code's <c>--adaptive_zeta</c>), else the constant ζ.
/// </summary>
internal sealed class ZetaSchedule
{
    private readonly double _zeta;
    private readonly bool _cosine;
    private readonly long _endStep;

    public ZetaSchedule(double zeta, bool cosine, long endStep)
    {
        _zeta = zeta;
        _cosine = cosine;
        _endStep = Math.Max(1, endStep);
    }

    /// <summary>ζ_t at optimizer step <paramref name="step"/>.</summary>
    public double At(long step)
    {
        if (!_cosine)
            return _zeta;
        double t = Math.Clamp((double)step / _endStep, 0, 1);
        return _zeta / 2 * (1 + Math.Cos(Math.PI * t));
    }
}
