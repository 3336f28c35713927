// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using static Microsoft.ML.Sparse.Tests.Mlp.SparseMlpTestKit;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Torch;

namespace Microsoft.ML.Sparse.Tests.Mlp;

/// <summary>What the trainer does while training: determinism, progress, exact densities, cancellation, early stopping, methods.</summary>
[DatasetTestClass]
[TestCategory(TestLanes.Dataset)]
public sealed class SparseMlpTrainingBehaviourTests
{
    private sealed class Recorder : IProgress<SparseTrainingProgress>
    {
        public List<SparseTrainingProgress> Reports { get; } = new();

        public Action<SparseTrainingProgress>? OnReport { get; init; }

        public void Report(SparseTrainingProgress value)
        {
            Reports.Add(value);
            OnReport?.Invoke(value);
        }
    }

    [TestMethod]
    public void SameSeedGivesBitIdenticalModelsAndDifferentSeedsDiffer()
    {
        var ml = new MLContext();
        var (train, test) = DigitsSplit(new MLContext(seed: 1));
        float[][] Run(int seed) => Scores(ml.MulticlassClassification.Trainers.SparseMlp(FastOptions(seed: seed)).Fit(train).Transform(test));
        var a = Run(21);
        var b = Run(21);
        var c = Run(22);
        for (int i = 0; i < a.Length; i++)
            CollectionAssert.AreEqual(a[i], b[i], $"row {i}");
        Assert.IsTrue(a.Zip(c).Any(p => !p.First.SequenceEqual(p.Second)), "a different seed must give a different model");
    }

    [TestMethod]
    public void MlContextSeedIsUsedWhenTheOptionsHaveNone()
    {
        float[][] Run(int contextSeed)
        {
            var ml = new MLContext(seed: contextSeed);
            var (train, test) = DigitsSplit(new MLContext(seed: 1));
            var options = FastOptions(epochs: 2);
            options.Seed = null;
            return Scores(ml.MulticlassClassification.Trainers.SparseMlp(options).Fit(train).Transform(test));
        }
        var a = Run(5);
        var b = Run(5);
        for (int i = 0; i < a.Length; i++)
            CollectionAssert.AreEqual(a[i], b[i], $"row {i}");
    }

    [TestMethod]
    [DataRow(SparseTrainingMethod.Chts)]
    [DataRow(SparseTrainingMethod.Set)]
    [DataRow(SparseTrainingMethod.RigL)]
    public void EveryTopologyRoundKeepsTheExactLinkCountAndProgressCoversTheRun(SparseTrainingMethod method)
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = DigitsSplit(ml);
        var recorder = new Recorder();
        var options = FastOptions(method, epochs: 5);
        options.Topology.UpdateInterval = 1;   // one round per epoch, set explicitly (unset means ~40 rounds)
        options.Progress = recorder;
        options.ProgressInterval = 5;
        var trainer = ml.MulticlassClassification.Trainers.SparseMlp(options);
        var model = trainer.Fit(train);

        int rows = train.GetColumn<uint>("Label").Count();
        long stepsPerEpoch = (rows + 63) / 64;
        var summary = model.TrainingSummary!;
        Assert.AreEqual(5 * stepsPerEpoch, summary.Steps);
        // Rounds every epoch while step < 0.75 · total: after epochs 1, 2 and 3 (step 3·s < 3.75·s).
        Assert.HasCount(3, summary.TopologyRounds);
        long target = TargetLinkCount.For(64, 64, 0.2);
        foreach (var round in summary.TopologyRounds)
        {
            Assert.HasCount(2, round.Layers, "two sparse hidden layers; the output layer stays dense");
            Assert.AreEqual(target, round.Layers[0].ActiveLinks, $"round {round.Round}");
            Assert.AreEqual(target, round.Layers[1].ActiveLinks, $"round {round.Round}");
            Assert.IsTrue(round.Layers.All(l => l.Regrown > 0 && l.Removed > 0), $"round {round.Round} must evolve");
        }
        Assert.IsTrue(model.Model.Layers[0].ActiveLinks <= target, "export drops only links of dead neurons");

        var epochs = recorder.Reports.Where(r => r.Kind == TrainingProgressKind.Epoch).ToList();
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 4, 5 }, epochs.Select(e => e.Epoch).ToArray());
        Assert.AreEqual(3, recorder.Reports.Count(r => r.Kind == TrainingProgressKind.TopologyRound));
        Assert.IsTrue(recorder.Reports.Count(r => r.Kind == TrainingProgressKind.Batch) >= (int)(5 * stepsPerEpoch / 5));
        Assert.AreEqual(TrainingProgressKind.Completed, recorder.Reports[^1].Kind);
        Assert.IsTrue(recorder.Reports.Select(r => r.Step).Zip(recorder.Reports.Select(r => r.Step).Skip(1)).All(p => p.First <= p.Second), "steps never go back");
        Assert.IsTrue(epochs[^1].TrainingLoss < epochs[0].TrainingLoss, "training loss falls");
        Assert.IsTrue(epochs.All(e => e.TotalEpochs == 5 && e.TotalSteps == 5 * stepsPerEpoch));
    }

    [TestMethod]
    public void ChtssDecaysTheDensityMonotonicallyToTheTarget()
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = DigitsSplit(ml);
        var options = FastOptions(SparseTrainingMethod.Chtss, epochs: 8);
        options.Topology.InitialDensity = 0.6;
        var trainer = ml.MulticlassClassification.Trainers.SparseMlp(options);
        var model = trainer.Fit(train);
        var rounds = model.TrainingSummary!.TopologyRounds;
        Assert.IsTrue(rounds.Count >= 3);
        var densities = rounds.Select(r => r.TargetDensity).ToArray();
        for (int i = 1; i < densities.Length; i++)
            Assert.IsTrue(densities[i] <= densities[i - 1], $"density rose at round {i + 1}: {string.Join(", ", densities)}");
        Assert.AreEqual(0.2, densities[^1], 1e-12);
        foreach (var round in rounds)
            foreach (var layer in round.Layers)
                Assert.AreEqual(TargetLinkCount.For(64, 64, round.TargetDensity), layer.ActiveLinks, $"round {round.Round} {layer.LayerName}");
        Assert.AreEqual(TargetLinkCount.For(64, 64, 0.2), model.Model.Layers[1].ActiveLinks);
    }

    [TestMethod]
    [DataRow(SparseTrainingMethod.Gmp)]
    [DataRow(SparseTrainingMethod.GraNet)]
    public void GmpAndGraNetDecayFromHalfDensityOnTheCubicScheduleAndTrain(SparseTrainingMethod method)
    {
        var ml = new MLContext(seed: 1);
        var (train, test) = DigitsSplit(ml);
        var options = FastOptions(method, epochs: 8);
        var model = ml.MulticlassClassification.Trainers.SparseMlp(options).Fit(train);
        var summary = model.TrainingSummary!;
        // Rounds after epochs 1..5 (T_end = 6 epochs); the decay (InitialDensity 0.5 → 0.2) ends at round ⌊0.5 · 8⌋ = 4.
        Assert.HasCount(5, summary.TopologyRounds);
        foreach (var round in summary.TopologyRounds)
        {
            double u = Math.Min(1, round.Round / 4.0);
            double density = 1 - (0.5 + (0.8 - 0.5) * (1 - Math.Pow(1 - u, 3)));
            Assert.AreEqual(density, round.TargetDensity, 1e-12, $"round {round.Round}");
            foreach (var layer in round.Layers)
            {
                Assert.AreEqual(TargetLinkCount.For(64, 64, density), layer.ActiveLinks, $"round {round.Round} {layer.LayerName}");
                if (method == SparseTrainingMethod.Gmp)
                    Assert.AreEqual(0, layer.Regrown, "GMP never regrows");
            }
        }
        if (method == SparseTrainingMethod.GraNet)
            Assert.IsTrue(summary.TopologyRounds.Sum(r => r.Layers.Sum(l => l.Regrown)) > 0, "GraNet regrows");
        Assert.AreEqual(128L, summary.HiddenNeurons);
        Assert.IsTrue(summary.ActiveHiddenNeurons is > 0 and <= 128, $"{summary.ActiveHiddenNeurons} active hidden neurons");
        double accuracy = ml.MulticlassClassification.Evaluate(model.Transform(test)).MicroAccuracy;
        Assert.IsTrue(accuracy > 0.9, $"{method} accuracy {accuracy:P2}");
    }

    [TestMethod]
    public void StaticKeepsTheInitialTopologyAndDenseUsesEveryLink()
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = DigitsSplit(ml);
        var staticTrainer = ml.MulticlassClassification.Trainers.SparseMlp(FastOptions(SparseTrainingMethod.Static, epochs: 3));
        var staticModel = staticTrainer.Fit(train);
        Assert.IsEmpty(staticModel.TrainingSummary!.TopologyRounds);
        Assert.AreEqual(TargetLinkCount.For(64, 64, 0.2), staticModel.Model.Layers[0].ActiveLinks);

        var denseTrainer = ml.MulticlassClassification.Trainers.SparseMlp(FastOptions(SparseTrainingMethod.Dense, epochs: 3));
        var denseModel = denseTrainer.Fit(train);
        Assert.IsEmpty(denseModel.TrainingSummary!.TopologyRounds);
        Assert.AreEqual(1.0, denseModel.Model.Density, 1e-12);
        Assert.AreEqual((128L, 128L, 1.0), (denseModel.TrainingSummary.ActiveHiddenNeurons, denseModel.TrainingSummary.HiddenNeurons, denseModel.TrainingSummary.ActiveHiddenNeuronFraction));
    }

    [TestMethod]
    public void CorrelatedInitialisationUsesTheInputCorrelation()
    {
        var ml = new MLContext(seed: 1);
        var (train, test) = DigitsSplit(ml);
        var options = FastOptions(epochs: 4);
        options.Topology.Initialization = TopologyInitialization.Correlated;
        options.Topology.Method = SparseTrainingMethod.Static;
        var model = ml.MulticlassClassification.Trainers.SparseMlp(options).Fit(train);
        // Constant border pixels have zero correlation with everything: CSTI gives them no links.
        var first = model.Model.Layers[0];
        Assert.AreEqual(TargetLinkCount.For(64, 64, 0.2), first.ActiveLinks);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
        Assert.IsTrue(metrics.MicroAccuracy > 0.8, $"accuracy {metrics.MicroAccuracy:P1}");
    }

    [TestMethod]
    public void CancellationStopsTrainingWithOperationCanceled()
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = DigitsSplit(ml);
        using var cancellation = new CancellationTokenSource();
        var recorder = new Recorder { OnReport = r => { if (r.Step >= 10) cancellation.Cancel(); } };
        var options = FastOptions(epochs: 50);
        options.ProgressInterval = 1;
        options.Progress = recorder;
        options.CancellationToken = cancellation.Token;
        Assert.ThrowsExactly<OperationCanceledException>(() => ml.MulticlassClassification.Trainers.SparseMlp(options).Fit(train));
        Assert.AreEqual(10, recorder.Reports.Max(r => r.Step), "stopped before the next batch");

        options.CancellationToken = new CancellationToken(canceled: true);
        options.Progress = null;
        Assert.ThrowsExactly<OperationCanceledException>(() => ml.MulticlassClassification.Trainers.SparseMlp(options).Fit(train));
    }

    [TestMethod]
    public void EarlyStoppingKeepsTheBestValidationEpoch()
    {
        var ml = new MLContext(seed: 1);
        var (train, validation) = DigitsSplit(ml);
        var options = FastOptions(epochs: 30);
        options.LearningRate = 0.3;               // large and constant: validation loss soon stops improving
        options.LearningRateSchedule = LearningRateSchedule.Constant;
        options.ValidationSet = validation;
        options.EarlyStoppingPatience = 2;
        var trainer = ml.MulticlassClassification.Trainers.SparseMlp(options);
        var model = trainer.Fit(train);
        var summary = model.TrainingSummary!;

        var losses = summary.Epochs.Select(e => e.ValidationLoss!.Value).ToArray();
        int best = Array.IndexOf(losses, losses.Min()) + 1;
        Assert.AreEqual(best, summary.KeptEpoch);
        Assert.IsTrue(summary.StoppedEarly, $"expected an early stop within 30 epochs; losses {string.Join(", ", losses.Select(l => l.ToString("F3")))}");
        Assert.AreEqual(summary.KeptEpoch + 2, summary.Epochs.Count);

        // The returned model is the kept epoch's: its log-loss on the validation set equals that epoch's validation loss.
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(validation));
        Assert.AreEqual(losses[best - 1], metrics.LogLoss, 1e-3);
        Assert.AreEqual(summary.Epochs[best - 1].ValidationAccuracy!.Value, metrics.MicroAccuracy, 1e-9);
    }

    [TestMethod]
    public void TrainingProgressIsLoggedToTheMlContextChannel()
    {
        var ml = new MLContext(seed: 1);
        var messages = new List<string>();
        ml.Log += (_, e) => { if (e.Source.Contains(nameof(SparseMlpMulticlassTrainer))) lock (messages) messages.Add(e.Message); };
        var (train, _) = DigitsSplit(ml);
        ml.MulticlassClassification.Trainers.SparseMlp(FastOptions(epochs: 2)).Fit(train);
        Assert.IsTrue(messages.Any(m => m.Contains("MLP 64-64-64-10") && m.Contains("Chts at density 0.2")), string.Join("\n", messages));
        Assert.IsTrue(messages.Any(m => m.Contains("epoch 1/2: loss")), string.Join("\n", messages));
        Assert.IsTrue(messages.Any(m => m.Contains("epoch 2/2: loss")), string.Join("\n", messages));
        Assert.IsTrue(messages.Any(m => m.Contains("topology rounds")), string.Join("\n", messages));
    }

    [TestMethod]
    public void NumberOfThreadsAppliesWhileTrainingAndIsRestored()
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = DigitsSplit(ml);
        int before = TorchSharp.torch.get_num_threads();
        var seen = new List<int>();
        var options = FastOptions(epochs: 1);
        options.Engine = SparseTrainingEngine.TorchSharp;   // libtorch's intra-op threads; the managed engine uses it for rounds only
        options.NumberOfThreads = 1;
        options.Progress = new Recorder { OnReport = _ => seen.Add(TorchSharp.torch.get_num_threads()) };
        ml.MulticlassClassification.Trainers.SparseMlp(options).Fit(train);
        Assert.IsTrue(seen.Count > 0 && seen.All(t => t == 1), string.Join(",", seen));
        Assert.AreEqual(before, TorchSharp.torch.get_num_threads());
    }
}
