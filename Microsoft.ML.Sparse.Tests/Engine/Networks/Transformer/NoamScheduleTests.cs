// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Core.Schedules;

namespace Microsoft.ML.Sparse.Tests.Engine.Networks.Transformer;

[TestClass]
public sealed class NoamScheduleTests
{
    [TestMethod]
    public void NoamMatchesHandValues()
    {
        // d = 512, warmup = 4000: 512^−0.5 = 0.0441941738
        // step 1:     0.0441941738 · min(1, 1 · 4000^−1.5 = 3.952847e−6)       = 1.746928e−7
        // step 4000:  0.0441941738 · 4000^−0.5 (= 4000 · 4000^−1.5) = 0.0158114 → 6.987712e−4 (the peak)
        // step 16000: 0.0441941738 · 16000^−0.5 = 0.0441941738 · 0.00790569   = 3.493856e−4 (= peak / 2)
        // step 2000:  0.0441941738 · 2000 · 4000^−1.5                          = 3.493856e−4 (= peak / 2 on the ramp)
        Assert.AreEqual(1.746928107421711e-07, NoamSchedule.Noam(1, 512, 4000), 1e-18);
        Assert.AreEqual(6.987712429686843e-04, NoamSchedule.Noam(4000, 512, 4000), 1e-15);
        Assert.AreEqual(3.493856214843422e-04, NoamSchedule.Noam(16000, 512, 4000), 1e-15);
        Assert.AreEqual(3.493856214843422e-04, NoamSchedule.Noam(2000, 512, 4000), 1e-15);
        // factor scales linearly: d = 256, warmup 20, factor 2, step 10 → 2 · 256^−0.5 · 10 · 20^−1.5 = 2 · 0.0625 · 0.1118034 = 0.0139754
        Assert.AreEqual(0.013975424859373685, NoamSchedule.Noam(10, 256, 20, 2.0), 1e-15);
    }

    [TestMethod]
    public void IterativeNoamRampsOnlyAfterTopologyUpdates()
    {
        // ΔT = 100, w = 20, d = 512, warmup = 4000 (noam values from the line above each assert).
        static double I(long s) => NoamSchedule.IterativeNoam(s, 512, 4000, updateInterval: 100, rampSteps: 20);
        Assert.AreEqual(8.734640537108554e-06, I(50), 1e-18);          // before the first update: plain noam(50)
        Assert.AreEqual(1.746928107421711e-05, I(100), 1e-18);         // s = ΔT: last step of the first interval, no ramp
        Assert.AreEqual(1.764397388495928e-05 / 20, I(101), 1e-18);    // k = 1 after the update at 100: noam(101) · 1/20
        Assert.AreEqual(1.921620918163882e-05 * 10 / 20, I(110), 1e-18); // k = 10: noam(110) · 1/2
        Assert.AreEqual(2.096313728906053e-05, I(120), 1e-18);         // k = 20: ramp done
        Assert.AreEqual(3.493856214843422e-05, I(200), 1e-18);         // s ≡ 0 (mod ΔT): k = ΔT = 100, full rate (not 0)
        Assert.AreEqual(3.511325495917639e-05 / 20, I(201), 1e-18);    // next restart
        Assert.AreEqual(NoamSchedule.Noam(150, 512, 4000), NoamSchedule.IterativeNoam(150, 512, 4000, 100, 0), 0.0); // w = 0: no ramp
    }

    [TestMethod]
    public void RampAndArgumentChecks()
    {
        Assert.AreEqual(0.05, NoamSchedule.WarmRestartRamp(1, 20), 1e-15);
        Assert.AreEqual(1.0, NoamSchedule.WarmRestartRamp(25, 20));
        Assert.AreEqual(1.0, NoamSchedule.WarmRestartRamp(1, 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => NoamSchedule.Noam(0, 512, 4000));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => NoamSchedule.Noam(1, 512, 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => NoamSchedule.IterativeNoam(1, 512, 4000, 0, 20));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => NoamSchedule.WarmRestartRamp(0, 20));
    }
}
