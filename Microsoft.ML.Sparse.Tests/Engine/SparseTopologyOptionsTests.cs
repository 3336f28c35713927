// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Trainers;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Core.Schedules;

namespace Microsoft.ML.Sparse.Tests.Engine;

[TestClass]
public sealed class SparseTopologyOptionsTests
{
    [TestMethod]
    public void DefaultsFollowThePaper()
    {
        var o = new SparseTopologyOptions();
        o.Validate();
        Assert.AreEqual(SparseTrainingMethod.Chts, o.Method);
        Assert.IsNull(o.Density, "unset: the trainer derives it from the data (at least the paper's 1%)");
        Assert.AreEqual(0.01, o.EffectiveDensity);
        Assert.AreEqual(0.5, o.InitialDensity);
        Assert.AreEqual(0.3, o.Zeta);
        Assert.IsTrue(o.CosineZetaDecay);
        Assert.IsNull(o.UpdateInterval, "unset: the trainer schedules about 40 rounds");
        Assert.AreEqual(1, o.EffectiveUpdateInterval);
        Assert.AreEqual(UpdateIntervalUnit.Epochs, o.UpdateIntervalUnit);
        Assert.AreEqual(0.75, o.TopologyEndFraction);
        Assert.AreEqual(LinkRemoval.WeightMagnitudeSoft, o.Removal);
        Assert.AreEqual(1.0, o.StartTemperature);
        Assert.AreEqual(3.0, o.EndTemperature);
        Assert.AreEqual(LinkPredictor.CH2L3n, o.Predictor);
        Assert.AreEqual(RegrowthSelection.Soft, o.Regrowth);
        Assert.AreEqual(SparseWeightInitialization.SwiFanIn, o.WeightInitialization);
        Assert.IsTrue(o.Percolation);
        Assert.IsFalse(o.EarlyStop);
        Assert.AreEqual(6.0, o.SigmoidSteepness);
        Assert.IsFalse(o.SkipOptimizerStepOnUpdate);
    }

    [TestMethod]
    public void ValidateRejectsOutOfRangeValues()
    {
        void Bad<T>(Action<SparseTopologyOptions> change, string parameter) where T : Exception
        {
            var o = new SparseTopologyOptions();
            change(o);
            var ex = Assert.ThrowsExactly<T>(o.Validate);
            if (ex is ArgumentException arg)
                Assert.AreEqual(parameter, arg.ParamName);
        }
        Bad<ArgumentOutOfRangeException>(o => o.Density = 0, "Density");
        Bad<ArgumentOutOfRangeException>(o => o.Density = 1.01, "Density");
        Bad<ArgumentOutOfRangeException>(o => o.Density = double.NaN, "Density");
        Bad<ArgumentOutOfRangeException>(o => o.InitialDensity = -0.5, "InitialDensity");
        Bad<ArgumentOutOfRangeException>(o => o.Zeta = 1, "Zeta");
        Bad<ArgumentOutOfRangeException>(o => o.Zeta = -0.1, "Zeta");
        Bad<ArgumentOutOfRangeException>(o => o.UpdateInterval = 0, "UpdateInterval");
        Bad<ArgumentOutOfRangeException>(o => o.TopologyEndFraction = 0, "TopologyEndFraction");
        Bad<ArgumentOutOfRangeException>(o => o.StartTemperature = 0, "StartTemperature");
        Bad<ArgumentOutOfRangeException>(o => o.EndTemperature = double.PositiveInfinity, "EndTemperature");
        Bad<ArgumentOutOfRangeException>(o => o.BrfRandomness = 1.5, "BrfRandomness");
        Bad<ArgumentOutOfRangeException>(o => o.BswBeta = -1, "BswBeta");
        Bad<ArgumentOutOfRangeException>(o => o.EarlyStopOverlap = 0, "EarlyStopOverlap");
        Bad<ArgumentOutOfRangeException>(o => o.SigmoidSteepness = 0, "SigmoidSteepness");
        Bad<ArgumentOutOfRangeException>(o => o.DensityDecayEndFraction = 2, "DensityDecayEndFraction");
        Bad<ArgumentOutOfRangeException>(o => o.Method = (SparseTrainingMethod)42, "Method");
        Bad<ArgumentException>(o => { o.Method = SparseTrainingMethod.Chtss; o.Density = 0.6; o.InitialDensity = 0.5; }, "InitialDensity");
        Bad<ArgumentException>(o => { o.Method = SparseTrainingMethod.Gmp; o.Density = 0.6; o.InitialDensity = 0.5; }, "InitialDensity");
        Bad<ArgumentException>(o => { o.Method = SparseTrainingMethod.GraNet; o.Density = 0.6; o.InitialDensity = 0.5; }, "InitialDensity");
        Bad<ArgumentOutOfRangeException>(o => o.DensitySurplus = -0.05, "DensitySurplus");
        Bad<ArgumentOutOfRangeException>(o => { o.Density = 0.01; o.DensitySurplus = 0.995; }, "DensitySurplus");
        Bad<ArgumentOutOfRangeException>(o => o.DensitySurplus = double.NaN, "DensitySurplus");
        Bad<ArgumentException>(o => { o.Method = SparseTrainingMethod.Chtss; o.DensitySurplus = 0.05; }, "DensitySurplus");
        Bad<ArgumentException>(o => { o.Method = SparseTrainingMethod.Static; o.DensitySurplus = 0.05; }, "DensitySurplus");
        new SparseTopologyOptions { Method = SparseTrainingMethod.RigL, Density = 0.01, DensitySurplus = 0.05 }.Validate();
    }

    [TestMethod]
    public void MethodsResolveToTheirBaselineBehaviour()
    {
        var set = EvolutionPlan.For(new SparseTopologyOptions { Method = SparseTrainingMethod.Set }.ToEngine());
        Assert.AreEqual((LinkRemoval.WeightMagnitude, LinkPredictor.Random, false), (set.Removal, set.Predictor, set.Percolation));
        var rigl = EvolutionPlan.For(new SparseTopologyOptions { Method = SparseTrainingMethod.RigL }.ToEngine());
        Assert.AreEqual((LinkPredictor.GradientMagnitude, RegrowthSelection.TopK), (rigl.Predictor, rigl.Selection));
        Assert.IsTrue(rigl.NeedsGradients);
        var chtss = EvolutionPlan.For(new SparseTopologyOptions { Method = SparseTrainingMethod.Chtss, Predictor = LinkPredictor.CH3L3n }.ToEngine());
        Assert.IsTrue(chtss.DensityDecay && chtss.Percolation && chtss.Evolves);
        Assert.AreEqual(LinkPredictor.CH3L3n, chtss.Predictor);
        Assert.AreEqual((LinkRemoval.RelativeImportance, DensityDecayShape.Sigmoid, true), (chtss.Pruning, chtss.DecayShape, chtss.RemovesLinks));
        var gmp = EvolutionPlan.For(new SparseTopologyOptions { Method = SparseTrainingMethod.Gmp }.ToEngine());
        Assert.AreEqual((true, true, false, false), (gmp.DensityDecay, gmp.Evolves, gmp.RemovesLinks, gmp.Percolation));
        Assert.AreEqual((LinkRemoval.WeightMagnitude, DensityDecayShape.Cubic), (gmp.Pruning, gmp.DecayShape));
        Assert.IsFalse(gmp.NeedsGradients, "GMP never regrows");
        var granet = EvolutionPlan.For(new SparseTopologyOptions { Method = SparseTrainingMethod.GraNet }.ToEngine());
        Assert.AreEqual((true, true, false), (granet.DensityDecay, granet.RemovesLinks, granet.Percolation));
        Assert.AreEqual((LinkRemoval.WeightMagnitude, DensityDecayShape.Cubic, LinkRemoval.WeightMagnitude), (granet.Pruning, granet.DecayShape, granet.Removal));
        Assert.AreEqual((LinkPredictor.GradientMagnitude, RegrowthSelection.TopK), (granet.Predictor, granet.Selection));
        Assert.IsTrue(granet.NeedsGradients);
        Assert.IsFalse(EvolutionPlan.For(new SparseTopologyOptions { Method = SparseTrainingMethod.Dense }.ToEngine()).UsesMasks);
        Assert.IsFalse(EvolutionPlan.For(new SparseTopologyOptions { Method = SparseTrainingMethod.Static }.ToEngine()).Evolves);
    }
}
