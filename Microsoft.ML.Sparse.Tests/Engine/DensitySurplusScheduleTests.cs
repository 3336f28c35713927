// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Core.Schedules;

namespace Microsoft.ML.Sparse.Tests.Engine;

/// <summary>
/// <see cref="DensitySurplusSchedule"/> against the reference code's EM_S branch (mlp_and_cnn/dst_scheduler.py): density
/// d + s while step ≤ 0.6·T_end, d + s/2 while step &lt; T_end − ΔT, then d; each round removes (d_before − d)/d_before.
/// </summary>
[TestClass]
public sealed class DensitySurplusScheduleTests
{
    [TestMethod]
    public void DensityFollowsTheThreePhasesOfTheReference()
    {
        var schedule = new DensitySurplusSchedule(density: 0.01, surplus: 0.05, endStep: 100, interval: 10);
        Assert.AreEqual(0.06, schedule.InitialDensity, 1e-15);
        foreach (long step in new long[] { 10, 20, 50, 60 })
            Assert.AreEqual(0.06, schedule.DensityAfterRound(step), 1e-15, $"step {step} ≤ 0.6·T_end");
        foreach (long step in new long[] { 61, 70, 89 })
            Assert.AreEqual(0.035, schedule.DensityAfterRound(step), 1e-15, $"step {step} < T_end − ΔT");
        foreach (long step in new long[] { 90, 99 })
            Assert.AreEqual(0.01, schedule.DensityAfterRound(step), 1e-15, $"step {step} ≥ T_end − ΔT");
    }

    [TestMethod]
    public void EachRoundRemovesEverythingAboveTheFinalDensity()
    {
        var schedule = new DensitySurplusSchedule(density: 0.01, surplus: 0.05, endStep: 100, interval: 10);
        Assert.AreEqual(0.05 / 0.06, schedule.RemovalFraction(0.06), 1e-15, "the reference's drop_fraction (1 − S − d)/(1 − S) at S = 0.94");
        Assert.AreEqual(0.025 / 0.035, schedule.RemovalFraction(0.035), 1e-15);
        Assert.AreEqual(0, schedule.RemovalFraction(0.01));
    }

    [TestMethod]
    public void RejectsASurplusThatIsNotPositiveOrOverfillsTheLayer()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new DensitySurplusSchedule(0.01, 0, 100, 10));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new DensitySurplusSchedule(0.5, 0.6, 100, 10));
        Assert.AreEqual(1.0, new DensitySurplusSchedule(0.5, 0.5, 100, 10).InitialDensity, 1e-15, "d + s = 1 is a full layer");
    }
}
