// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Core.Schedules;

/// <summary>
/// Training above the final density, then shrinking to it: the reference MLP code's <c>--EM_S</c> option (MEST's
/// elastic mutation with a soft memory bound; <c>mlp_and_cnn/dst_scheduler.py</c>), which its README's CHTs command
/// enables. With final density d and surplus s, the sparse layers hold d + s links until round step 0.6·T_end,
/// d + s/2 until T_end − ΔT, and d from the round at or after T_end − ΔT on. Every round removes, by the removal
/// criterion, every link above d (the fraction (d_before − d) / d_before, in place of ζ), then regrows
/// to the phase's density, so the last round removes the surplus and regrows nothing.
/// </summary>
internal sealed class DensitySurplusSchedule
{
    /// <summary>Share of T_end after which the surplus halves (the reference code's 0.6).</summary>
    public const double HalvingFraction = 0.6;

    private readonly double _density, _surplus;
    private readonly long _endStep, _interval;

    /// <param name="density">Final density d.</param>
    /// <param name="surplus">Surplus s (&gt; 0, d + s ≤ 1).</param>
    /// <param name="endStep">T_end: the step at which the topology freezes.</param>
    /// <param name="interval">ΔT: steps between rounds.</param>
    public DensitySurplusSchedule(double density, double surplus, long endStep, long interval)
    {
        if (!(surplus > 0) || density + surplus > 1 + 1e-12)
            throw new ArgumentOutOfRangeException(nameof(surplus), surplus, "The density surplus must be positive with density + surplus ≤ 1.");
        _density = density;
        _surplus = surplus;
        _endStep = endStep;
        _interval = interval;
    }

    /// <summary>d: the density every round removes down to, and the density after the last round.</summary>
    public double FinalDensity => _density;

    /// <summary>Density before the first round: d + s.</summary>
    public double InitialDensity => Math.Min(1, _density + _surplus);

    /// <summary>Density the round at <paramref name="step"/> regrows to.</summary>
    public double DensityAfterRound(long step) =>
        step <= HalvingFraction * _endStep ? InitialDensity
        : step < _endStep - _interval ? Math.Min(1, _density + _surplus / 2)
        : _density;

    /// <summary>Fraction of the links a round removes when the layers hold <paramref name="densityBefore"/>: all above d.</summary>
    public double RemovalFraction(double densityBefore) => densityBefore <= _density ? 0 : (densityBefore - _density) / densityBefore;
}
