// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Core.Schedules;

/// <summary>
/// Soft-removal temperature rising linearly in the step: T = T_start + (T_end_value − T_start) · t / T_end
/// (reference code: 1 → 3 for MLP/Transformer, 1 → 9 for LLaMA). Clamped to the end value after T_end.
/// </summary>
internal sealed class TemperatureSchedule
{
    private readonly double _start;
    private readonly double _end;
    private readonly long _endStep;

    public TemperatureSchedule(double start, double end, long endStep)
    {
        _start = start;
        _end = end;
        _endStep = Math.Max(1, endStep);
    }

    /// <summary>T at optimizer step <paramref name="step"/>.</summary>
    public double At(long step) => _start + (_end - _start) * Math.Clamp((double)step / _endStep, 0, 1);
}
