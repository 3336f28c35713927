// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static Microsoft.ML.Sparse.Tests.Mlp.SparseMlpTestKit;

namespace Microsoft.ML.Sparse.Tests.Mlp;

/// <summary>The engine choice of the MLP trainers: managed CSR by default on the CPU, TorchSharp on request and for the dense baseline.</summary>
[DatasetTestClass]
public sealed class SparseMlpEngineTests
{
    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
    public void AutoTrainsSparseMethodsOnTheManagedEngineAndDenseOnTorchSharp()
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = DigitsSplit(ml);
        var sparse = ml.MulticlassClassification.Trainers.SparseMlp(FastOptions(epochs: 1));
        var sparseModel = sparse.Fit(train);
        Assert.AreEqual(SparseTrainingEngine.Managed, sparseModel.TrainingSummary!.Engine);
        Assert.AreEqual("CPU", sparseModel.TrainingSummary.Device);
        var dense = ml.MulticlassClassification.Trainers.SparseMlp(FastOptions(SparseTrainingMethod.Dense, epochs: 1));
        var denseModel = dense.Fit(train);
        Assert.AreEqual(SparseTrainingEngine.TorchSharp, denseModel.TrainingSummary!.Engine);
    }

    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
    [DataRow(SparseTrainingMethod.Chts)]
    [DataRow(SparseTrainingMethod.Chtss)]
    [DataRow(SparseTrainingMethod.Set)]
    [DataRow(SparseTrainingMethod.RigL)]
    [DataRow(SparseTrainingMethod.Gmp)]
    [DataRow(SparseTrainingMethod.GraNet)]
    [DataRow(SparseTrainingMethod.Static)]
    [DataRow(SparseTrainingMethod.Dense)]
    public void BothEnginesReachTheSameAccuracyClassOnDigits(SparseTrainingMethod method)
    {
        var ml = new MLContext(seed: 1);
        var (train, test) = DigitsSplit(ml);
        double Accuracy(SparseTrainingEngine engine)
        {
            var options = FastOptions(method, epochs: 8);
            options.Engine = engine;
            options.Topology.UpdateInterval = 5;
            options.Topology.UpdateIntervalUnit = UpdateIntervalUnit.Steps;
            var trainer = ml.MulticlassClassification.Trainers.SparseMlp(options);
            var model = trainer.Fit(train);
            Assert.AreEqual(engine, model.TrainingSummary!.Engine);
            if (method is not (SparseTrainingMethod.Static or SparseTrainingMethod.Dense))
                Assert.IsTrue(model.TrainingSummary.TopologyRounds.Count > 10, "rounds ran");
            return ml.MulticlassClassification.Evaluate(model.Transform(test)).MicroAccuracy;
        }
        double managed = Accuracy(SparseTrainingEngine.Managed), torch = Accuracy(SparseTrainingEngine.TorchSharp);
        Console.WriteLine($"{method}: managed {managed:P2}, TorchSharp {torch:P2}");
        Assert.IsTrue(managed > 0.9, $"managed {method} accuracy {managed:P2}");
        Assert.IsTrue(managed > torch - 0.03, $"managed {managed:P2} vs TorchSharp {torch:P2}");
    }

    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
    public void ManagedEngineIsBitIdenticalForASeedWithDropoutAndAdam()
    {
        var ml = new MLContext(seed: 1);
        var (train, test) = DigitsSplit(ml);
        float[][] Run()
        {
            var options = FastOptions(SparseTrainingMethod.Chtss, epochs: 3);
            options.Dropout = 0.2;
            options.Optimizer = SparseOptimizer.AdamW;
            options.LearningRate = 0.003;
            options.Topology.UpdateInterval = 7;
            options.Topology.UpdateIntervalUnit = UpdateIntervalUnit.Steps;
            return Scores(ml.MulticlassClassification.Trainers.SparseMlp(options).Fit(train).Transform(test));
        }
        var a = Run();
        var b = Run();
        for (int i = 0; i < a.Length; i++)
            CollectionAssert.AreEqual(a[i], b[i], $"row {i}");
    }

    [TestMethod]
    public void ManagedEngineOnCudaIsRejectedWithTheFix()
    {
        var options = FastOptions();
        options.Engine = SparseTrainingEngine.Managed;
        options.Device = SparseDevice.Cuda;
        var error = Assert.ThrowsExactly<ArgumentException>(() => new MLContext().MulticlassClassification.Trainers.SparseMlp(options));
        StringAssert.Contains(error.Message, "Engine = TorchSharp");
    }
}
