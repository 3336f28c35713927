// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Core.Schedules;

/// <summary>
/// Learning-rate schedules of the paper's Transformer runs (docs/chts-specification.md §4, §5), as pure functions of the 1-based
/// optimizer step (the step about to be taken; the first step is 1, as in OpenNMT).
/// </summary>
/// <remarks>
/// <para><b>noam</b>(s) = factor · d_model^−0.5 · min(s^−0.5, s · warmup^−1.5): linear warm-up to the peak at s = warmup, then 1/√s decay.</para>
/// <para><b>inoam</b> ("iterative noam", the FC baseline uses plain noam): after every topology update the rate is ramped
/// up again over w steps, lr = noam(s) · min(1, k / w) where k = 1, 2, ... counts the steps taken since the last update.
/// With updates after every ΔT steps (after steps ΔT, 2ΔT, ...), k = s − ΔT · ⌊(s − 1) / ΔT⌋ ∈ [1, ΔT].</para>
/// <para>Precisely defined edge cases (they differ slightly from OpenNMT's <c>iterative_noam_decay</c>, which uses
/// k = s mod ΔT and therefore trains step s ≡ 0 (mod ΔT) with rate 0, and also ramps during the first interval):</para>
/// <list type="bullet">
/// <item>Before the first topology update (s ≤ ΔT) there is no ramp: lr = noam(s). The ramp applies only after updates.</item>
/// <item>s ≡ 0 (mod ΔT) is the last step of an interval (k = ΔT), not a step with rate 0.</item>
/// <item>The first step after an update has k = 1, i.e. lr = noam(s) / w; the full rate is reached at k = w.</item>
/// <item>w = 0 disables the ramp (plain noam).</item>
/// </list>
/// </remarks>
internal static class NoamSchedule
{
    /// <summary>noam(step) = factor · modelDim^−0.5 · min(step^−0.5, step · warmupSteps^−1.5).</summary>
    /// <param name="step">1-based step (≥ 1).</param>
    /// <param name="modelDim">d_model.</param>
    /// <param name="warmupSteps">Warm-up steps (≥ 1).</param>
    /// <param name="factor">Scale ("learning rate" option of OpenNMT, e.g. 2 for IWSLT, 0.25 for Multi30k).</param>
    public static double Noam(long step, int modelDim, int warmupSteps, double factor = 1.0)
    {
        if (step < 1)
            throw new ArgumentOutOfRangeException(nameof(step), $"Steps are 1-based, got {step}.");
        if (modelDim < 1)
            throw new ArgumentOutOfRangeException(nameof(modelDim), $"d_model must be positive, got {modelDim}.");
        if (warmupSteps < 1)
            throw new ArgumentOutOfRangeException(nameof(warmupSteps), $"Warm-up must be at least 1 step, got {warmupSteps}.");
        if (!(factor > 0) || double.IsInfinity(factor))
            throw new ArgumentOutOfRangeException(nameof(factor), $"The factor must be positive and finite, got {factor}.");
        double s = step;
        return factor * Math.Pow(modelDim, -0.5) * Math.Min(Math.Pow(s, -0.5), s * Math.Pow(warmupSteps, -1.5));
    }

    /// <summary>
    /// The warm-restart multiplier min(1, k / w) for the k-th step after a topology update (k ≥ 1);
    /// 1 when <paramref name="rampSteps"/> is 0.
    /// </summary>
    public static double WarmRestartRamp(long stepsSinceUpdate, int rampSteps)
    {
        if (stepsSinceUpdate < 1)
            throw new ArgumentOutOfRangeException(nameof(stepsSinceUpdate), $"k counts steps after an update from 1, got {stepsSinceUpdate}.");
        if (rampSteps < 0)
            throw new ArgumentOutOfRangeException(nameof(rampSteps), $"Ramp steps must be non-negative, got {rampSteps}.");
        return rampSteps == 0 ? 1.0 : Math.Min(1.0, (double)stepsSinceUpdate / rampSteps);
    }

    /// <summary>
    /// inoam(step) = noam(step) · ramp, with topology updates after every <paramref name="updateInterval"/> steps
    /// (see the class remarks for the exact edge cases). When topology evolution stops early, callers that know the
    /// real update steps should use <see cref="Noam"/> · <see cref="WarmRestartRamp"/> directly.
    /// </summary>
    /// <param name="step">1-based step (≥ 1).</param>
    /// <param name="modelDim">d_model.</param>
    /// <param name="warmupSteps">Global noam warm-up steps.</param>
    /// <param name="updateInterval">ΔT, steps between topology updates (≥ 1).</param>
    /// <param name="rampSteps">w, steps of the local ramp after each update (paper: 20; 0 = none).</param>
    /// <param name="factor">noam scale factor.</param>
    public static double IterativeNoam(long step, int modelDim, int warmupSteps, int updateInterval, int rampSteps, double factor = 1.0)
    {
        if (updateInterval < 1)
            throw new ArgumentOutOfRangeException(nameof(updateInterval), $"The update interval must be at least 1 step, got {updateInterval}.");
        double noam = Noam(step, modelDim, warmupSteps, factor);
        if (step <= updateInterval)
            return noam; // no topology update yet: no ramp
        long sinceUpdate = step - updateInterval * ((step - 1) / updateInterval);
        return noam * WarmRestartRamp(sinceUpdate, rampSteps);
    }
}
