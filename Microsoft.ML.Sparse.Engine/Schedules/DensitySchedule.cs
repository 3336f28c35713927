// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Schedules;

/// <summary>
/// CHTss sigmoid density decay (reference: <c>llm/dst_scheduler.py::_current_prune_rate</c>, "s_shape").
/// At round c of n decay rounds, u = min(1, c/n) and
/// shape(u) = 1/2 + tanh(k·(2u − 1)/2) / (2·tanh(k/2)), sparsity = s_i + (s_f − s_i)·shape(u),
/// density = 1 − sparsity. shape(0) = 0, shape(1) = 1, monotone increasing.
/// </summary>
internal sealed class DensitySchedule
{
    public DensitySchedule(double initialDensity, double finalDensity, double steepness, long decayRounds)
    {
        if (steepness <= 0)
            throw new ArgumentOutOfRangeException(nameof(steepness), steepness, "The sigmoid steepness must be positive.");
        InitialDensity = initialDensity;
        FinalDensity = finalDensity;
        Steepness = steepness;
        DecayRounds = Math.Max(1, decayRounds);
    }

    public double InitialDensity { get; }

    public double FinalDensity { get; }

    public double Steepness { get; }

    /// <summary>n: the round at which the final density is reached.</summary>
    public long DecayRounds { get; }

    /// <summary>The normalised sigmoid shape(u) on [0, 1].</summary>
    public static double Shape(double u, double steepness)
    {
        u = Math.Clamp(u, 0, 1);
        return 0.5 + Math.Tanh(steepness * (2 * u - 1) / 2) / (2 * Math.Tanh(steepness / 2));
    }

    /// <summary>Target density after round <paramref name="round"/> (0 = start of training).</summary>
    public double DensityAtRound(long round)
    {
        if (round <= 0)
            return InitialDensity;
        if (round >= DecayRounds)
            return FinalDensity;
        double initialSparsity = 1 - InitialDensity, finalSparsity = 1 - FinalDensity;
        double sparsity = initialSparsity + (finalSparsity - initialSparsity) * Shape((double)round / DecayRounds, Steepness);
        return 1 - sparsity;
    }

    /// <summary>Whether round <paramref name="round"/> is still in the decay phase (prunes before removal).</summary>
    public bool IsDecayRound(long round) => round >= 1 && round <= DecayRounds;
}
