// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Core.Schedules;

namespace Microsoft.ML.Sparse.Tests.Engine;

[TestClass]
public sealed class ScheduleTests
{
    [TestMethod]
    public void SigmoidShapeHasEndpointsZeroAndOneAndIsStrictlyIncreasing()
    {
        foreach (double k in new[] { 2.0, 6.0, 10.0 })
        {
            Assert.AreEqual(0.0, DensitySchedule.Shape(0, k), 1e-12);
            Assert.AreEqual(1.0, DensitySchedule.Shape(1, k), 1e-12);
            Assert.AreEqual(0.5, DensitySchedule.Shape(0.5, k), 1e-12);
            double previous = -1;
            for (int i = 0; i <= 100; i++)
            {
                double value = DensitySchedule.Shape(i / 100.0, k);
                Assert.IsTrue(value > previous, $"k={k} not increasing at u={i / 100.0}");
                previous = value;
            }
        }
    }

    [TestMethod]
    public void SigmoidScheduleReproducesTheSpecNumbers()
    {
        // docs/algorithm.md, density decay (the reference code's CHTss scheduler): s_i = 0.5, s_f = 0.9, n = 80 rounds of
        // ΔT = 100 steps, k = 6: sparsity at steps 1000/2000/4000/6000 (rounds 10/20/40/60) is 0.503/0.518/0.700/0.882.
        var schedule = new DensitySchedule(initialDensity: 0.5, finalDensity: 0.1, steepness: 6, decayRounds: 80);
        Assert.AreEqual(0.503, 1 - schedule.DensityAtRound(10), 0.0005);
        Assert.AreEqual(0.518, 1 - schedule.DensityAtRound(20), 0.0005);
        Assert.AreEqual(0.700, 1 - schedule.DensityAtRound(40), 0.0005);
        Assert.AreEqual(0.882, 1 - schedule.DensityAtRound(60), 0.0005);
        Assert.AreEqual(0.5, schedule.DensityAtRound(0), 1e-12);
        Assert.AreEqual(0.1, schedule.DensityAtRound(80), 1e-12);
        Assert.AreEqual(0.1, schedule.DensityAtRound(500), 1e-12);
        for (int c = 1; c <= 80; c++)
            Assert.IsTrue(schedule.DensityAtRound(c) < schedule.DensityAtRound(c - 1), $"density must decrease at round {c}");
        Assert.IsTrue(schedule.IsDecayRound(80));
        Assert.IsFalse(schedule.IsDecayRound(81));
    }

    [TestMethod]
    public void CubicScheduleReproducesTheSpecNumbersAndTheFormula()
    {
        // docs/algorithm.md, density decay (the reference code's GraNet/GMP scheduler): s_i = 0.5, s_f = 0.9, n = 80:
        // sparsity at rounds 10/20/40/60 is 0.632/0.731/0.850/0.894.
        var schedule = new DensitySchedule(initialDensity: 0.5, finalDensity: 0.1, steepness: 6, decayRounds: 80, DensityDecayShape.Cubic);
        Assert.AreEqual(0.632, 1 - schedule.DensityAtRound(10), 0.0005);
        Assert.AreEqual(0.731, 1 - schedule.DensityAtRound(20), 0.0005);
        Assert.AreEqual(0.850, 1 - schedule.DensityAtRound(40), 0.0005);
        Assert.AreEqual(0.894, 1 - schedule.DensityAtRound(60), 0.0005);
        for (int c = 0; c <= 80; c++)
        {
            double u = c / 80.0;
            Assert.AreEqual(0.5 + 0.4 * (1 - Math.Pow(1 - u, 3)), 1 - schedule.DensityAtRound(c), 1e-12, $"round {c}");
            if (c > 0)
                Assert.IsTrue(schedule.DensityAtRound(c) < schedule.DensityAtRound(c - 1), $"density must decrease at round {c}");
        }
        Assert.AreEqual(0.1, schedule.DensityAtRound(81), 1e-12);
        Assert.AreEqual(0.0, DensitySchedule.CubicShape(0), 1e-15);
        Assert.AreEqual(1.0, DensitySchedule.CubicShape(1), 1e-15);
        Assert.AreEqual(0.875, DensitySchedule.CubicShape(0.5), 1e-15);
        // The same rounds on the sigmoid are further from the target early on: the cubic prunes sooner.
        var sigmoid = new DensitySchedule(0.5, 0.1, 6, 80);
        Assert.IsTrue(schedule.DensityAtRound(20) < sigmoid.DensityAtRound(20));
    }

    [TestMethod]
    public void CosineZetaStartsAtZetaEndsAtZeroAndIsHalfAtTheMiddle()
    {
        var cosine = new ZetaSchedule(0.3, cosine: true, endStep: 750);
        Assert.AreEqual(0.3, cosine.At(0), 1e-12);
        Assert.AreEqual(0.15, cosine.At(375), 1e-12);
        Assert.AreEqual(0.0, cosine.At(750), 1e-12);
        Assert.AreEqual(0.3 / 2 * (1 + Math.Cos(Math.PI * 100 / 750)), cosine.At(100), 1e-12);
        var constant = new ZetaSchedule(0.3, cosine: false, endStep: 750);
        Assert.AreEqual(0.3, constant.At(0));
        Assert.AreEqual(0.3, constant.At(700));
    }

    [TestMethod]
    public void TemperatureRisesLinearlyFromStartToEnd()
    {
        var schedule = new TemperatureSchedule(1, 3, endStep: 1000);
        Assert.AreEqual(1.0, schedule.At(0), 1e-12);
        Assert.AreEqual(1.5, schedule.At(250), 1e-12);
        Assert.AreEqual(2.0, schedule.At(500), 1e-12);
        Assert.AreEqual(3.0, schedule.At(1000), 1e-12);
        Assert.AreEqual(3.0, schedule.At(5000), 1e-12, "clamped after T_end");
    }

    [TestMethod]
    public void CalendarRunsRoundsEveryIntervalStrictlyBeforeTheEnd()
    {
        // 10 epochs of 100 steps, every epoch, T_end = 750: rounds after steps 100..700.
        var epochs = new UpdateCalendar(totalSteps: 1000, stepsPerEpoch: 100, interval: 1, UpdateIntervalUnit.Epochs, endFraction: 0.75);
        Assert.AreEqual(100L, epochs.Interval);
        Assert.AreEqual(750L, epochs.EndStep);
        var rounds = Enumerable.Range(1, 1000).Where(s => epochs.IsRoundStep(s)).ToArray();
        CollectionAssert.AreEqual(new[] { 100, 200, 300, 400, 500, 600, 700 }, rounds);
        Assert.AreEqual(7L, epochs.LastRound);
        Assert.AreEqual(3L, epochs.RoundIndex(300));

        // T_end a multiple of the interval: the round at T_end itself does not run (t < T_end).
        var steps = new UpdateCalendar(totalSteps: 400, stepsPerEpoch: 7, interval: 100, UpdateIntervalUnit.Steps, endFraction: 0.75);
        CollectionAssert.AreEqual(new[] { 100, 200 }, Enumerable.Range(1, 400).Where(s => steps.IsRoundStep(s)).ToArray());
        Assert.AreEqual(2L, steps.LastRound);

        var tooShort = new UpdateCalendar(totalSteps: 10, stepsPerEpoch: 10, interval: 1, UpdateIntervalUnit.Epochs, endFraction: 0.75);
        Assert.AreEqual(0L, tooShort.LastRound);
        Assert.IsFalse(Enumerable.Range(1, 10).Any(s => tooShort.IsRoundStep(s)));
    }
}
