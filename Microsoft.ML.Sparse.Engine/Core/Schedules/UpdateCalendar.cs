// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Core.Schedules;

/// <summary>
/// When topology rounds run. The scheduler counts optimizer updates t = 1, 2, …; a round runs after update t
/// when t mod ΔT = 0 and t &lt; T_end (MLP/Transformer reference code; the LLaMA code uses t ≤ T_end).
/// </summary>
internal sealed class UpdateCalendar
{
    /// <summary>Creates the calendar.</summary>
    /// <param name="totalSteps">Optimizer updates in the whole training run.</param>
    /// <param name="stepsPerEpoch">Optimizer updates per epoch.</param>
    /// <param name="interval">Update interval in <paramref name="unit"/>s.</param>
    /// <param name="unit">Unit of the interval.</param>
    /// <param name="endFraction">Fraction of training after which the topology is frozen.</param>
    public UpdateCalendar(long totalSteps, long stepsPerEpoch, int interval, UpdateIntervalUnit unit, double endFraction)
    {
        if (totalSteps < 1)
            throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "Training needs at least one optimizer step.");
        if (stepsPerEpoch < 1)
            throw new ArgumentOutOfRangeException(nameof(stepsPerEpoch), stepsPerEpoch, "An epoch needs at least one optimizer step.");
        if (interval < 1)
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "The update interval must be at least 1.");
        TotalSteps = totalSteps;
        StepsPerEpoch = stepsPerEpoch;
        Interval = unit == UpdateIntervalUnit.Epochs ? checked(interval * stepsPerEpoch) : interval;
        EndStep = (long)Math.Floor(endFraction * totalSteps);
        LastRound = EndStep < 1 ? 0 : (EndStep - 1) / Interval;
    }

    /// <summary>Optimizer updates in the whole run.</summary>
    public long TotalSteps { get; }

    /// <summary>Optimizer updates per epoch.</summary>
    public long StepsPerEpoch { get; }

    /// <summary>ΔT: optimizer updates between rounds.</summary>
    public long Interval { get; }

    /// <summary>T_end: no round runs at or after this step.</summary>
    public long EndStep { get; }

    /// <summary>Number of the last round that runs (0 when training is too short for any round).</summary>
    public long LastRound { get; }

    /// <summary>Whether a round runs after update <paramref name="step"/> (1-based).</summary>
    public bool IsRoundStep(long step) => step > 0 && step % Interval == 0 && step < EndStep;

    /// <summary>Round number c = ⌊step / ΔT⌋ of a round step.</summary>
    public long RoundIndex(long step) => step / Interval;
}
