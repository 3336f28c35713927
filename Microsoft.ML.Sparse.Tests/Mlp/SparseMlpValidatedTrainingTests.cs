// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Mlp;
using Microsoft.ML.Sparse.Samples.Datasets;
using Microsoft.ML.Sparse.Trainers;
using Microsoft.ML.Sparse.Engine.Core.Training;

namespace Microsoft.ML.Sparse.Tests.Mlp;

/// <summary>
/// The parts of the automatic defaults that decide how a run trains: the dense first layer of narrow tables, rounds
/// kept off full layers and spaced by their cost, the plateau schedule's need for validation rows, and the small-table
/// retraining that replays the validated run's learning rates.
/// </summary>
[DatasetTestClass]
public sealed class SparseMlpValidatedTrainingTests
{
    private static TrainingData Wine(MLContext ml) =>
        TrainingDataReader.Read(SklearnDatasets.Wine().ToDataView(ml), "Features", "Label", SparsePredictionKind.MulticlassClassification, CancellationToken.None);

    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
    public void ANarrowTableGetsADenseFirstLayerUnlessAskedOtherwise()
    {
        var ml = new MLContext(seed: 1);
        var data = SklearnDatasets.Wine().ToDataView(ml);
        var auto = ml.MulticlassClassification.Trainers.SparseMlp(new SparseMlpOptions { NumberOfEpochs = 2 }).Fit(data);
        var first = auto.Model.Layers[0];
        Assert.IsFalse(auto.TrainingSummary!.SparseInputLayer);
        Assert.AreEqual((long)first.InputSize * first.OutputSize, first.ActiveLinks, "13 inputs at 25% would leave 3.25 links per neuron: dense");
        Assert.AreEqual(0.25, auto.TrainingSummary.SparseLayerDensity!.Value, 1e-12, "32 links per neuron of the 128-wide hidden layers");
        Assert.AreEqual(0.25, auto.Model.HiddenLayerDensity, 0.003, "the sparse layers alone");
        Assert.IsTrue(auto.Model.NetworkDensity > 0.25, auto.Model.ToString());
        Assert.IsTrue(auto.TrainingSummary.Choices.Any(c => c.StartsWith("a dense first layer", StringComparison.Ordinal)), string.Join("\n", auto.TrainingSummary.Choices));

        var sparse = ml.MulticlassClassification.Trainers.SparseMlp(new SparseMlpOptions { NumberOfEpochs = 2, SparsifyInputLayer = true }).Fit(data);
        Assert.IsTrue(sparse.TrainingSummary!.SparseInputLayer);
        var layer = sparse.Model.Layers[0];
        Assert.AreEqual(0.25, (double)layer.ActiveLinks / ((long)layer.InputSize * layer.OutputSize), 0.01);
    }

    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
    [DataRow(60, 133, false)]    // 60 x 128 = 7,680 dense links, fewer than the 2 x 128 x 128 x 25% = 8,192 sparse ones
    [DataRow(64, 1_500, true)]   // 64 x 256 = 16,384, as many as 2 x 256 x 256 x 12.5%
    [DataRow(200, 133, true)]    // 25,600 dense links would triple the network
    [DataRow(159, 13_600, true)] // 512-wide at 6.25%: 81,408 dense links against 32,768
    [DataRow(784, 50_000, true)] // pixels: 1,568-wide at 2%
    public void TheFirstLayerIsDenseWhenItHasFewerLinksThanTheSparseHiddenLayers(int features, int rows, bool sparse)
    {
        var wine = Wine(new MLContext(seed: 1));
        var table = new TrainingData(wine.InputColumn, wine.LabelColumn, wine.Kind, rows, features, new float[(long)rows * features], null,
            Enumerable.Range(0, rows).Select(r => r % 3).ToArray(), null, 3);
        var resolved = SparseMlpAutoSettings.Resolve(new SparseMlpOptions(), table, 3, features, pixelLike: false, validates: true);
        Assert.AreEqual(sparse, resolved.SparseInputLayer, string.Join("\n", resolved.Choices));
        Assert.AreEqual(sparse, resolved.Options.SparsifyInputLayer);
        var forced = SparseMlpAutoSettings.Resolve(new SparseMlpOptions { SparsifyInputLayer = !sparse }, table, 3, features, pixelLike: false, validates: true);
        Assert.AreEqual(!sparse, forced.SparseInputLayer, "an explicit choice is kept");
    }

    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
    public void AFullDensityLayerIsNeverEvolved()
    {
        var ml = new MLContext(seed: 1);
        var data = SklearnDatasets.Wine().ToDataView(ml);
        var options = new SparseMlpOptions
        {
            NumberOfEpochs = 4,
            HiddenLayerSizes = new[] { 16, 16 },
            Topology = new SparseTopologyOptions { Method = SparseTrainingMethod.Chts, Density = 1, UpdateInterval = 1, UpdateIntervalUnit = UpdateIntervalUnit.Steps },
        };
        var model = ml.MulticlassClassification.Trainers.SparseMlp(options).Fit(data);
        Assert.IsEmpty(model.TrainingSummary!.TopologyRounds, "a round would only remove links and regrow the same positions at weight 0");
        Assert.AreEqual(model.Model.DenseLinks, model.Model.ActiveLinks);
    }

    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
    public void ReduceOnPlateauNeedsValidationRows()
    {
        var ml = new MLContext(seed: 1);
        var data = SklearnDatasets.Wine().ToDataView(ml);
        var options = new SparseMlpOptions { NumberOfEpochs = 2, LearningRateSchedule = LearningRateSchedule.ReduceOnPlateau };
        var e = Assert.ThrowsExactly<ArgumentException>(() => ml.MulticlassClassification.Trainers.SparseMlp(options).Fit(data));
        StringAssert.Contains(e.Message, "ReduceOnPlateau needs validation rows");
    }

    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
    public void ValidationMakesTheEpochsACapAndThePlateauTheSchedule()
    {
        var ml = new MLContext(seed: 1);
        var train = Wine(ml);
        var validated = SparseMlpAutoSettings.Resolve(new SparseMlpOptions(), train, 3, train.FeatureCount, pixelLike: false, validates: true);
        long stepsPerEpoch = (train.RowCount + 31) / 32;
        Assert.AreEqual(LearningRateSchedule.ReduceOnPlateau, validated.Options.LearningRateSchedule);
        Assert.AreEqual(SparseMlpAutoSettings.EpochCap(stepsPerEpoch, SparseMlpAutoSettings.Epochs(stepsPerEpoch)), validated.Options.NumberOfEpochs);
        Assert.AreEqual(SparseMlpAutoSettings.PlateauEpochs(stepsPerEpoch), validated.PlateauPatience);
        Assert.AreEqual(SparseMlpDefaults.PlateausBeforeStopping * validated.PlateauPatience, validated.Options.EarlyStoppingPatience);
        Assert.AreEqual(SparseMlpAutoSettings.Epochs(stepsPerEpoch) * stepsPerEpoch, validated.TopologySteps);
        Assert.AreEqual(SparseOptimizer.Adam, validated.Options.Optimizer);
        Assert.AreEqual(SparseMlpDefaults.AdamLearningRate, validated.Options.LearningRate);

        var fixedRun = SparseMlpAutoSettings.Resolve(new SparseMlpOptions(), train, 3, train.FeatureCount, pixelLike: false, validates: false);
        Assert.AreEqual(LearningRateSchedule.LinearDecay, fixedRun.Options.LearningRateSchedule);
        Assert.AreEqual(SparseMlpAutoSettings.Epochs(stepsPerEpoch), fixedRun.Options.NumberOfEpochs);
        Assert.IsNull(fixedRun.TopologySteps);
        Assert.AreEqual(0, fixedRun.Options.EarlyStoppingPatience);
    }

    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
    public void RoundsAreSpacedByTheirEstimatedCost()
    {
        int[] hidden = { 256, 256, 256 };
        double Cost(double density) => TopologyRoundCost.StepsPerRound(TopologyRoundCost.Layers(16, hidden, 10, density, false, false), 32);
        Assert.IsTrue(Cost(0.01) < Cost(0.05) && Cost(0.05) < Cost(0.25), $"{Cost(0.01):F1} {Cost(0.05):F1} {Cost(0.25):F1}");
        var dense = TopologyRoundCost.Layers(16, hidden, 10, 1, false, false);
        Assert.AreEqual(0, TopologyRoundCost.StepsPerRound(dense, 32), "no round runs when every layer is full");

        var ml = new MLContext(seed: 1);
        var train = Wine(ml);
        var resolved = SparseMlpAutoSettings.Resolve(new SparseMlpOptions(), train, 3, train.FeatureCount, pixelLike: false, validates: true);
        var layers = TopologyRoundCost.Layers(train.FeatureCount, resolved.Hidden, 3, resolved.Options.Topology.Density!.Value, resolved.SparseInputLayer, false);
        double perRound = TopologyRoundCost.StepsPerRound(layers, 32);
        Assert.IsTrue(resolved.Options.Topology.UpdateInterval >= perRound / SparseMlpDefaults.MaximumTopologyShare,
            $"interval {resolved.Options.Topology.UpdateInterval} for rounds of {perRound:F0} steps");

        // A short run whose rounds cost more than its steps allow still gets the minimum number of rounds.
        var shortRun = SparseMlpAutoSettings.Resolve(new SparseMlpOptions { NumberOfEpochs = 2, BatchSize = 64 }, train, 3, train.FeatureCount, pixelLike: false, validates: false);
        long steps = 2 * (long)Math.Ceiling(train.RowCount / 64.0);
        long evolving = (long)Math.Floor(shortRun.Options.Topology.TopologyEndFraction * steps);
        Assert.IsTrue(perRound / SparseMlpDefaults.MaximumTopologyShare > evolving, "the cost rule alone would leave no round");
        Assert.AreEqual(evolving / SparseMlpDefaults.MinimumTopologyRounds, shortRun.Options.Topology.UpdateInterval!.Value);
    }

    [TestMethod]
    public void RetrainingReplaysTheKeptEpochsAndTheirRates()
    {
        var history = new TrainingHistory { KeptEpoch = 3 };
        double[] rates = { 0.002, 0.002, 0.0004, 0.0004, 0.00008 };
        for (int e = 0; e < rates.Length; e++)
            history.Epochs.Add(new EpochRecord(e + 1, 1, 1, null, TimeSpan.FromSeconds(e), rates[e]));
        var validated = new TrainingSettings { Epochs = 50, EarlyStoppingPatience = 9, Schedule = LearningRateSchedule.ReduceOnPlateau, LearningRate = 0.002 };
        var retrain = HoldoutRetraining.Settings(validated, history);
        Assert.AreEqual(3, retrain.Epochs);
        Assert.AreEqual(0, retrain.EarlyStoppingPatience);
        var plan = new LearningRatePlan(retrain, 300);
        Assert.AreEqual(0.002, plan.At(1, 0, null));
        Assert.AreEqual(0.0004, plan.At(250, 2, null));
        Assert.AreEqual(0.0004, plan.At(300, 7, null), "the last rate repeats");
        Assert.IsTrue(HoldoutRetraining.Applies(automaticHoldout: true, SparseMlpDefaults.RetrainRows - 1));
        Assert.IsFalse(HoldoutRetraining.Applies(automaticHoldout: true, SparseMlpDefaults.RetrainRows));
        Assert.IsFalse(HoldoutRetraining.Applies(automaticHoldout: false, 100));
    }
}
