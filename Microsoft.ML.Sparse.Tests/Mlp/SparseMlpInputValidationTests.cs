// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Persistence;
using static Microsoft.ML.Sparse.Tests.Mlp.SparseMlpTestKit;

namespace Microsoft.ML.Sparse.Tests.Mlp;

/// <summary>Bad input reaches the user as one clear exception, at trainer creation, GetOutputSchema or Fit, never as a native crash.</summary>
[DatasetTestClass]
public sealed class SparseMlpInputValidationTests
{
    private sealed class Row
    {
        [VectorType(3)]
        public float[] Features { get; set; } = Array.Empty<float>();

        public uint Label { get; set; }
    }

    private sealed class TextRow
    {
        [VectorType(3)]
        public float[] Features { get; set; } = Array.Empty<float>();

        public string Label { get; set; } = "";
    }

    private sealed class DoubleRow
    {
        [VectorType(3)]
        public double[] Features { get; set; } = Array.Empty<double>();

        public bool Label { get; set; }
    }

    private static IDataView Keyed(MLContext ml, IEnumerable<Row> rows)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Label)].ColumnType = new KeyDataViewType(typeof(uint), 3);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    private static IEnumerable<Row> GoodRows(int count) =>
        Enumerable.Range(0, count).Select(i => new Row { Features = new[] { i % 3f, 1f, -1f }, Label = (uint)(i % 3) });

    private static SparseMlpOptions Tiny() => new() { HiddenLayerSizes = new[] { 8 }, NumberOfEpochs = 1, Seed = 1, Topology = new SparseTopologyOptions { Density = 0.5 } };

    [TestMethod]
    [DataRow(0.0)]
    [DataRow(-0.1)]
    [DataRow(1.5)]
    [DataRow(double.NaN)]
    public void DensityOutsideTheUnitIntervalIsRejectedWhenTheTrainerIsCreated(double density)
    {
        var ml = new MLContext();
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.SparseMlp(density: density));
        Assert.AreEqual("Density", e.ParamName);
        StringAssert.Contains(e.Message, double.IsNaN(density) ? "finite" : "(0, 1]");
    }

    [TestMethod]
    public void InvalidTrainingOptionsNameTheField()
    {
        var ml = new MLContext();
        void Expect(string field, Action<SparseMlpOptions> change)
        {
            var options = Tiny();
            change(options);
            var e = Assert.Throws<ArgumentException>(() => ml.MulticlassClassification.Trainers.SparseMlp(options));
            Assert.AreEqual(field, e.ParamName, e.Message);
        }
        Expect("NumberOfEpochs", o => o.NumberOfEpochs = 0);
        Expect("BatchSize", o => o.BatchSize = 0);
        Expect("LearningRate", o => o.LearningRate = double.PositiveInfinity);
        Expect("HiddenLayerSizes", o => o.HiddenLayerSizes = new[] { 8, 0 });
        Expect("HiddenLayerSizes", o => o.HiddenLayerSizes = Array.Empty<int>());
        Expect("Dropout", o => o.Dropout = 1);
        Expect("FeatureStandardization", o => o.FeatureStandardization = (FeatureStandardization)7);
        Expect("Momentum", o => o.Momentum = 1);
        Expect("EarlyStoppingPatience", o => o.EarlyStoppingPatience = 2);
        Expect("NumberOfThreads", o => o.NumberOfThreads = 0);
        Expect("Zeta", o => o.Topology.Zeta = 1);
        Expect("InitialDensity", o => { o.Topology.Method = SparseTrainingMethod.Chtss; o.Topology.InitialDensity = 0.1; });
        Assert.ThrowsExactly<ArgumentNullException>(() => ml.MulticlassClassification.Trainers.SparseMlp((SparseMlpOptions)null!));
    }

    [TestMethod]
    public void OptionsAreCopiedWhenTheTrainerIsCreated()
    {
        var ml = new MLContext();
        var options = Tiny();
        var trainer = ml.MulticlassClassification.Trainers.SparseMlp(options);
        options.Topology.Density = 0.9;
        options.HiddenLayerSizes![0] = 99;
        Assert.AreEqual(0.5, trainer.Options.Topology.Density);
        Assert.AreEqual(8, trainer.Options.HiddenLayerSizes![0]);
    }

    [TestMethod]
    public void NanOrInfiniteFeaturesNameTheRowAndSlot()
    {
        var ml = new MLContext();
        var rows = GoodRows(10).ToList();
        rows[7].Features[2] = float.NaN;
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => ml.MulticlassClassification.Trainers.SparseMlp(Tiny()).Fit(Keyed(ml, rows)));
        StringAssert.Contains(e.Message, "Row 7, slot 2");
        StringAssert.Contains(e.Message, "NaN");
        StringAssert.Contains(e.Message, "ReplaceMissingValues");

        rows[7].Features[2] = float.PositiveInfinity;
        e = Assert.ThrowsExactly<InvalidOperationException>(() => ml.MulticlassClassification.Trainers.SparseMlp(Tiny()).Fit(Keyed(ml, rows)));
        StringAssert.Contains(e.Message, "Infinity");
    }

    [TestMethod]
    public void EmptyDataIsRejected()
    {
        var ml = new MLContext();
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => ml.MulticlassClassification.Trainers.SparseMlp(Tiny()).Fit(Keyed(ml, Array.Empty<Row>())));
        StringAssert.Contains(e.Message, "no rows");
    }

    [TestMethod]
    public void MissingKeyLabelsAreRejectedWithTheRow()
    {
        var ml = new MLContext();
        var raw = ml.Data.LoadFromEnumerable(new[] { "a", "b", "a", "zebra" }.Select((l, i) => new TextRow { Features = new[] { (float)i, 1f, 0f }, Label = l }).ToArray());
        var keys = ml.Data.LoadFromEnumerable(new[] { new { Label = "a" }, new { Label = "b" } });
        var keyed = ml.Transforms.Conversion.MapValueToKey("Label", keyData: keys).Fit(raw).Transform(raw);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => ml.MulticlassClassification.Trainers.SparseMlp(Tiny()).Fit(keyed));
        StringAssert.Contains(e.Message, "Row 3");
        StringAssert.Contains(e.Message, "missing label");
    }

    [TestMethod]
    public void WrongColumnTypesAreReportedByGetOutputSchemaAndFit()
    {
        var ml = new MLContext();
        var doubles = ml.Data.LoadFromEnumerable(new[] { new DoubleRow { Features = new[] { 1.0, 2, 3 }, Label = true } });
        var binary = ml.BinaryClassification.Trainers.SparseMlp(Tiny());
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => binary.Fit(doubles));
        StringAssert.Contains(e.Message, "known-size vector of Single");
        StringAssert.Contains(e.Message, "ConvertType");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => binary.GetOutputSchema(SchemaShapeHelper.FromSchema(doubles.Schema)));

        var keyed = Keyed(ml, GoodRows(6));
        e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.BinaryClassification.Trainers.SparseMlp(Tiny()).Fit(keyed));
        StringAssert.Contains(e.Message, "must be Boolean");
        e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Regression.Trainers.SparseMlp(Tiny()).Fit(keyed));
        StringAssert.Contains(e.Message, "must be Single");

        var textLabel = ml.Data.LoadFromEnumerable(new[] { new TextRow { Features = new[] { 1f, 2f, 3f }, Label = "x" } });
        e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.SparseMlp(Tiny()).Fit(textLabel));
        StringAssert.Contains(e.Message, "MapValueToKey");

        var options = Tiny();
        options.FeatureColumnName = "Pixels";
        e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.SparseMlp(options).Fit(keyed));
        StringAssert.Contains(e.Message, "'Pixels' was not found");
        StringAssert.Contains(e.Message, "'Features'");
    }

    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
    public void ValidationSetWithOtherShapeIsRejected()
    {
        var ml = new MLContext();
        var (train, _) = DigitsSplit(ml);
        var options = Tiny();
        options.ValidationSet = Keyed(ml, GoodRows(5));
        var e = Assert.ThrowsExactly<ArgumentException>(() => ml.MulticlassClassification.Trainers.SparseMlp(options).Fit(train));
        StringAssert.Contains(e.Message, "3 features");
    }

    [TestMethod]
    public void CudaWithoutFallbackOnACpuMachineFailsClearly()
    {
        if (TorchSharp.torch.cuda.is_available())
            Assert.Inconclusive("This machine has CUDA; the test checks the CPU-only error path.");
        var ml = new MLContext();
        var options = Tiny();
        options.Device = SparseDevice.Cuda;
        var e = Assert.ThrowsExactly<TorchBackendUnavailableException>(() => ml.MulticlassClassification.Trainers.SparseMlp(options).Fit(Keyed(ml, GoodRows(6))));
        StringAssert.Contains(e.Message, "AllowCpuFallback");

        options.AllowCpuFallback = true;
        var trainer = ml.MulticlassClassification.Trainers.SparseMlp(options);
        var model = trainer.Fit(Keyed(ml, GoodRows(6)));
        Assert.AreEqual("CPU", model.TrainingSummary!.Device);
        Assert.AreEqual(3, model.Model.OutputSize);
    }

    [TestMethod]
    public void TrainingThatDivergesSaysSo()
    {
        var ml = new MLContext();
        var rows = GoodRows(64).Select(r => new Row { Features = r.Features.Select(v => v * 1e30f).ToArray(), Label = r.Label });
        var options = Tiny();
        options.Optimizer = SparseOptimizer.Sgd;   // Adam's steps do not grow with the gradient
        options.LearningRate = 1e10;
        options.NumberOfEpochs = 3;
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => ml.MulticlassClassification.Trainers.SparseMlp(options).Fit(Keyed(ml, rows)));
        StringAssert.Contains(e.Message, "diverged");
    }
}
