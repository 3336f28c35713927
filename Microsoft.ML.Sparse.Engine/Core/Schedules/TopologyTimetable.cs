// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Core.Schedules;

/// <summary>
/// Everything a topology scheduler needs to know about time, built once from the options (shared by the TorchSharp and
/// the managed scheduler): when rounds run, ζ (0 for a method that does not remove, GMP) and the removal temperature at
/// a step, and, for the density-decay methods (CHTss, GMP, GraNet) and a density surplus, the target density after each round.
/// </summary>
internal sealed class TopologyTimetable
{
    /// <param name="options">Validated topology options.</param>
    /// <param name="plan">What the method does (whether the density decays).</param>
    /// <param name="totalSteps">Optimizer updates of the whole run.</param>
    /// <param name="stepsPerEpoch">Optimizer updates per epoch.</param>
    public TopologyTimetable(TopologySettings options, EvolutionPlan plan, long totalSteps, long stepsPerEpoch)
    {
        Calendar = new UpdateCalendar(totalSteps, stepsPerEpoch, options.UpdateInterval, options.UpdateIntervalUnit, options.TopologyEndFraction);
        Zeta = new ZetaSchedule(plan.RemovesLinks ? options.Zeta : 0, options.CosineZetaDecay, Calendar.EndStep);
        Temperature = new TemperatureSchedule(options.StartTemperature, options.EndTemperature, Calendar.EndStep);
        if (plan.DensityDecay)
        {
            long decayEndRound = (long)Math.Floor(options.DensityDecayEndFraction * totalSteps) / Calendar.Interval;
            long decayRounds = Math.Min(Math.Max(1, decayEndRound), Math.Max(1, Calendar.LastRound));
            // Without any round the decay cannot happen: start directly at the final density.
            double start = Calendar.LastRound == 0 ? options.Density : options.InitialDensity;
            Density = new DensitySchedule(start, options.Density, options.SigmoidSteepness, decayRounds, plan.DecayShape);
        }
        if (options.DensitySurplus > 0 && plan.Evolves && !plan.DensityDecay)
            Surplus = new DensitySurplusSchedule(options.Density, options.DensitySurplus, Calendar.EndStep, Calendar.Interval);
        InitialDensity = !plan.UsesMasks ? 1.0 : Density?.DensityAtRound(0) ?? Surplus?.InitialDensity ?? options.Density;
    }

    /// <summary>When rounds run.</summary>
    public UpdateCalendar Calendar { get; }

    /// <summary>ζ at a step.</summary>
    public ZetaSchedule Zeta { get; }

    /// <summary>Soft-removal temperature at a step.</summary>
    public TemperatureSchedule Temperature { get; }

    /// <summary>Density decay (CHTss sigmoid, GMP/GraNet cubic), or null.</summary>
    public DensitySchedule? Density { get; }

    /// <summary>Training above the final density (<see cref="TopologySettings.DensitySurplus"/>), or null.</summary>
    public DensitySurplusSchedule? Surplus { get; }

    /// <summary>Target density of the sparse layers before the first round (1 for dense training).</summary>
    public double InitialDensity { get; }

    /// <summary>ζ, temperature and densities of the round that runs after <paramref name="step"/>.</summary>
    /// <param name="step">Optimizer updates so far.</param>
    /// <param name="currentDensity">Density the layers hold before the round.</param>
    public RoundSchedule RoundAt(long step, double currentDensity)
    {
        double temperature = Temperature.At(step);
        if (Surplus is { } surplus)
            return new RoundSchedule(surplus.RemovalFraction(currentDensity), temperature, surplus.DensityAfterRound(step), surplus.FinalDensity);
        double density = Density?.DensityAtRound(Calendar.RoundIndex(step)) ?? currentDensity;
        return new RoundSchedule(Zeta.At(step), temperature, density, null);
    }
}
