// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Core.Training;

namespace Microsoft.ML.Sparse.Tests.Engine;

/// <summary>The validation bookkeeping of the training loop: best epoch, ReduceOnPlateau factors, early stopping.</summary>
[TestClass]
public sealed class ValidationPlateauTests
{
    [TestMethod]
    public void TheRateIsDividedAfterEveryPlateauAndTrainingStopsAfterThePatience()
    {
        var plateau = new ValidationPlateau(earlyStoppingPatience: 6, plateauPatience: 2);
        Assert.IsTrue(plateau.Observe(1, 1.0).Improved);
        Assert.IsTrue(plateau.Observe(2, 0.8).Improved);
        var o = plateau.Observe(3, 0.9);
        Assert.IsFalse(o.Improved || o.Reduced || o.Stop);
        o = plateau.Observe(4, 0.85);
        Assert.IsTrue(o.Reduced, "second epoch without improvement ends a plateau");
        Assert.AreEqual(1 / ValidationPlateau.Factor, plateau.LearningRateFactor, 1e-12);
        Assert.IsTrue(plateau.Observe(5, 0.7).Improved, "an improvement resets the count, not the rate");
        Assert.AreEqual(0, plateau.EpochsWithoutImprovement);
        Assert.AreEqual(1 / ValidationPlateau.Factor, plateau.LearningRateFactor, 1e-12);
        for (int epoch = 6; epoch <= 10; epoch++)
            Assert.IsFalse(plateau.Observe(epoch, 0.75).Stop, $"epoch {epoch}");
        o = plateau.Observe(11, 0.75);
        Assert.IsTrue(o.Stop, "six epochs without a lower loss");
        Assert.AreEqual(5, plateau.BestEpoch);
        Assert.AreEqual(0.7, plateau.BestLoss);
        // Plateaus ended after epochs 4, 7, 9 and 11: 1/5, 1/25, then the 1% floor.
        Assert.AreEqual(ValidationPlateau.MinimumFactor, plateau.LearningRateFactor, 1e-12);
    }

    [TestMethod]
    public void TheFactorStopsAtItsFloorAndNonFiniteLossesNeverImprove()
    {
        var plateau = new ValidationPlateau(earlyStoppingPatience: 0, plateauPatience: 1);
        Assert.IsTrue(plateau.Observe(1, 2.0).Improved);
        for (int epoch = 2; epoch < 20; epoch++)
        {
            var o = plateau.Observe(epoch, epoch % 2 == 0 ? double.NaN : double.PositiveInfinity);
            Assert.IsFalse(o.Improved || o.Stop);
        }
        Assert.AreEqual(ValidationPlateau.MinimumFactor, plateau.LearningRateFactor);
        Assert.AreEqual(1, plateau.BestEpoch);
    }

    [TestMethod]
    public void WithoutAPlateauTheRateNeverChanges()
    {
        var plateau = new ValidationPlateau(earlyStoppingPatience: 3, plateauPatience: 0);
        plateau.Observe(1, 1);
        Assert.IsFalse(plateau.Observe(2, 2).Reduced);
        Assert.IsFalse(plateau.Observe(3, 2).Reduced);
        Assert.IsTrue(plateau.Observe(4, 2).Stop);
        Assert.AreEqual(1, plateau.LearningRateFactor);
    }
}
