// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Core.Schedules;

/// <summary>
/// Gradual density decay. At round c of n decay rounds, u = min(1, c/n), sparsity = s_i + (s_f − s_i)·shape(u) and
/// density = 1 − sparsity, with
/// <list type="bullet">
/// <item>CHTss (<see cref="DensityDecayShape.Sigmoid"/>, reference: <c>llm/dst_scheduler.py::_current_prune_rate</c>,
/// "s_shape"): shape(u) = 1/2 + tanh(k·(2u − 1)/2) / (2·tanh(k/2));</item>
/// <item>GMP and GraNet (<see cref="DensityDecayShape.Cubic"/>, Zhu &amp; Gupta 2017; the reference code's "granet"
/// scheduler): shape(u) = 1 − (1 − u)³.</item>
/// </list>
/// Both have shape(0) = 0, shape(1) = 1 and increase monotonically.
/// </summary>
internal sealed class DensitySchedule
{
    public DensitySchedule(double initialDensity, double finalDensity, double steepness, long decayRounds,
        DensityDecayShape shape = DensityDecayShape.Sigmoid)
    {
        if (steepness <= 0)
            throw new ArgumentOutOfRangeException(nameof(steepness), steepness, "The sigmoid steepness must be positive.");
        InitialDensity = initialDensity;
        FinalDensity = finalDensity;
        Steepness = steepness;
        DecayRounds = Math.Max(1, decayRounds);
        DecayShape = shape;
    }

    public double InitialDensity { get; }

    public double FinalDensity { get; }

    public double Steepness { get; }

    /// <summary>n: the round at which the final density is reached.</summary>
    public long DecayRounds { get; }

    /// <summary>The curve of the decay.</summary>
    public DensityDecayShape DecayShape { get; }

    /// <summary>The normalised sigmoid shape(u) on [0, 1].</summary>
    public static double Shape(double u, double steepness)
    {
        u = Math.Clamp(u, 0, 1);
        return 0.5 + Math.Tanh(steepness * (2 * u - 1) / 2) / (2 * Math.Tanh(steepness / 2));
    }

    /// <summary>The cubic shape 1 − (1 − u)³ on [0, 1].</summary>
    public static double CubicShape(double u)
    {
        double rest = 1 - Math.Clamp(u, 0, 1);
        return 1 - rest * rest * rest;
    }

    /// <summary>Target density after round <paramref name="round"/> (0 = start of training).</summary>
    public double DensityAtRound(long round)
    {
        if (round <= 0)
            return InitialDensity;
        if (round >= DecayRounds)
            return FinalDensity;
        double initialSparsity = 1 - InitialDensity, finalSparsity = 1 - FinalDensity;
        double u = (double)round / DecayRounds;
        double shape = DecayShape == DensityDecayShape.Cubic ? CubicShape(u) : Shape(u, Steepness);
        return 1 - (initialSparsity + (finalSparsity - initialSparsity) * shape);
    }

    /// <summary>Whether round <paramref name="round"/> is still in the decay phase (prunes before removal).</summary>
    public bool IsDecayRound(long round) => round >= 1 && round <= DecayRounds;
}
