// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Persistence;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse.Tests.Trainers;

[TestClass]
public sealed class TrainingDataReaderTests
{
    private static readonly MLContext Ml = new(1);

    private sealed class Row
    {
        [VectorType(3)]
        public float[] Features { get; set; } = new float[3];

        public float Target { get; set; }

        public bool Flag { get; set; }

        public string Name { get; set; } = "";

        public double Wide { get; set; }

        public string Text { get; set; } = "";
    }

    private static IDataView Data(params Row[] rows) => Ml.Data.LoadFromEnumerable(rows);

    private static Row R(float a, float b, float c, float target = 0, bool flag = false, string name = "x", string text = "t") =>
        new() { Features = new[] { a, b, c }, Target = target, Flag = flag, Name = name, Text = text };

    private static IDataView Keyed(IDataView data, params string[] keys) =>
        Ml.Transforms.Conversion.MapValueToKey("Name", keyData: Ml.Data.LoadFromEnumerable(keys.Select(k => new { Name = k }))).Fit(data).Transform(data);

    [TestMethod]
    public void ReadsMulticlassRowsIntoContiguousArrays()
    {
        var data = Keyed(Data(R(1, 2, 3, name: "b"), R(4, 5, 6, name: "a"), R(7, 8, 9, name: "b")), "a", "b");
        var read = TrainingDataReader.Read(data, "Features", "Name", SparsePredictionKind.MulticlassClassification);
        Assert.AreEqual(3, read.RowCount);
        Assert.AreEqual(3, read.FeatureCount);
        Assert.AreEqual(2, read.ClassCount);
        CollectionAssert.AreEqual(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, read.Features);
        CollectionAssert.AreEqual(new[] { 1, 0, 1 }, read.ClassIndices);
        Assert.IsNull(read.Targets);
        CollectionAssert.AreEqual(new float[] { 4, 5, 6 }, read.Row(1).ToArray());
        Assert.AreEqual("Name", read.LabelColumn.Name);
    }

    [TestMethod]
    public void ReadsBinaryAndRegressionTargets()
    {
        var data = Data(R(1, 0, 0, target: 2.5f, flag: true), R(0, 1, 0, target: -1f, flag: false));
        CollectionAssert.AreEqual(new[] { 1f, 0f }, TrainingDataReader.Read(data, "Features", "Flag", SparsePredictionKind.BinaryClassification).Targets);
        CollectionAssert.AreEqual(new[] { 2.5f, -1f }, TrainingDataReader.Read(data, "Features", "Target", SparsePredictionKind.Regression).Targets);
    }

    [TestMethod]
    public void ReadsManyRowsBeyondTheInitialBuffer()
    {
        var rows = Enumerable.Range(0, 3000).Select(i => R(i, -i, i * 0.5f, target: i)).ToArray();
        var read = TrainingDataReader.Read(Data(rows), "Features", "Target", SparsePredictionKind.Regression);
        Assert.AreEqual(3000, read.RowCount);
        CollectionAssert.AreEqual(new[] { 2999f, -2999f, 1499.5f }, read.Row(2999).ToArray());
        Assert.AreEqual(2999f, read.Targets![2999]);
    }

    [TestMethod]
    public void ReadsTextRows()
    {
        var data = Keyed(Data(R(0, 0, 0, name: "spam", text: "buy now"), R(0, 0, 0, name: "ham", text: "")), "ham", "spam");
        var read = TrainingDataReader.ReadText(data, "Text", "Name", SparsePredictionKind.MulticlassClassification);
        CollectionAssert.AreEqual(new[] { "buy now", "" }, read.Texts);
        CollectionAssert.AreEqual(new[] { 1, 0 }, read.ClassIndices);
        Assert.AreEqual(0, read.FeatureCount);
    }

    [TestMethod]
    public void MissingFeatureColumnListsTheAvailableColumns()
    {
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TrainingDataReader.Read(Data(R(1, 2, 3)), "Pixels", "Target", SparsePredictionKind.Regression));
        StringAssert.Contains(ex.Message, "The feature column 'Pixels' was not found. Available columns: 'Features', 'Target'");
    }

    [TestMethod]
    [DataRow("Name", "String")]
    [DataRow("Target", "Single")]
    [DataRow("Wide", "Double")]
    public void WrongFeatureTypesNameTheTypeAndTheFix(string column, string type)
    {
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TrainingDataReader.Read(Data(R(1, 2, 3)), column, "Target", SparsePredictionKind.Regression));
        StringAssert.Contains(ex.Message, $"The feature column '{column}' must be a known-size vector of Single (float), but its type is {type}");
        StringAssert.Contains(ex.Message, $"mlContext.Transforms.Concatenate(\"{column}\", ...)");
        StringAssert.Contains(ex.Message, "ConvertType");
    }

    [TestMethod]
    public void VariableSizeFeatureVectorsAreRejected()
    {
        var data = Ml.Data.LoadFromEnumerable(new[] { new { Features = new[] { 1f, 2f }, Target = 1f } });
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TrainingDataReader.Read(data, "Features", "Target", SparsePredictionKind.Regression));
        StringAssert.Contains(ex.Message, "but its type is Vector<Single>");
    }

    [TestMethod]
    public void LabelTypesPerTaskExplainTheFix()
    {
        var data = Data(R(1, 2, 3));
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TrainingDataReader.Read(data, "Features", "Name", SparsePredictionKind.MulticlassClassification)).Message,
            "The label column 'Name' must be a key type for multiclass classification, but its type is String. Use mlContext.Transforms.Conversion.MapValueToKey(\"Name\")");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TrainingDataReader.Read(data, "Features", "Target", SparsePredictionKind.BinaryClassification)).Message,
            "The label column 'Target' must be Boolean for binary classification, but its type is Single");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TrainingDataReader.Read(data, "Features", "Wide", SparsePredictionKind.Regression)).Message,
            "The label column 'Wide' must be Single (float) for regression, but its type is Double. Convert it with mlContext.Transforms.Conversion.ConvertType(\"Wide\", outputKind: DataKind.Single)");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TrainingDataReader.Read(Keyed(data, "x"), "Features", "Name", SparsePredictionKind.MulticlassClassification)).Message,
            "has 1 class(es); multiclass classification needs at least 2");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TrainingDataReader.ReadText(data, "Target", "Target", SparsePredictionKind.Regression)).Message,
            "The text column 'Target' must be of type String (Text), but its type is Single");
    }

    [TestMethod]
    [DataRow(float.NaN, "NaN")]
    [DataRow(float.PositiveInfinity, "Infinity")]
    [DataRow(float.NegativeInfinity, "-Infinity")]
    public void NonFiniteFeaturesNameRowAndSlot(float bad, string shown)
    {
        var data = Data(R(1, 2, 3, target: 1), R(4, 5, 6, target: 1), R(7, bad, 9, target: 1));
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => TrainingDataReader.Read(data, "Features", "Target", SparsePredictionKind.Regression));
        StringAssert.Contains(ex.Message, $"Row 2, slot 1 of feature column 'Features' is {shown}; the trainer needs finite features");
        StringAssert.Contains(ex.Message, "ReplaceMissingValues");
    }

    [TestMethod]
    public void EmptyDataIsRejected()
    {
        var empty = Ml.Data.FilterRowsByColumn(Data(R(1, 2, 3, target: 5)), "Target", upperBound: 0);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => TrainingDataReader.Read(empty, "Features", "Target", SparsePredictionKind.Regression)).Message,
            "The training data has no rows");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => TrainingDataReader.ReadText(empty, "Text", "Target", SparsePredictionKind.Regression)).Message,
            "The training data has no rows");
    }

    [TestMethod]
    public void UnknownClassAndNonFiniteRegressionLabelsNameTheRow()
    {
        var unknown = Keyed(Data(R(1, 2, 3, name: "a"), R(1, 2, 3, name: "zebra")), "a", "b");
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => TrainingDataReader.Read(unknown, "Features", "Name", SparsePredictionKind.MulticlassClassification));
        StringAssert.Contains(ex.Message, "Row 1 has a missing label in key column 'Name'");

        var nan = Data(R(1, 2, 3, target: 1), R(1, 2, 3, target: float.NaN));
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => TrainingDataReader.Read(nan, "Features", "Target", SparsePredictionKind.Regression)).Message,
            "Row 1 has label NaN in column 'Target'; regression labels must be finite");
    }

    [TestMethod]
    public void CancellationStopsReading()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsExactly<OperationCanceledException>(() => TrainingDataReader.Read(Data(R(1, 2, 3)), "Features", "Target", SparsePredictionKind.Regression, cancelled.Token));
    }

    [TestMethod]
    public void SchemaShapeChecksMirrorTheDataChecks()
    {
        var data = Keyed(Data(R(1, 2, 3)), "x", "y");
        var shape = SchemaShapeHelper.FromSchema(data.Schema);
        Assert.AreEqual("Features", ColumnSchemaChecks.CheckFeatureColumn(shape, "Features").Name);
        Assert.AreEqual("Name", ColumnSchemaChecks.CheckLabelColumn(shape, "Name", SparsePredictionKind.MulticlassClassification).Name);
        Assert.AreEqual("Text", ColumnSchemaChecks.CheckTextColumn(shape, "Text").Name);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ColumnSchemaChecks.CheckFeatureColumn(shape, "Text")).Message, "but its type is String");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ColumnSchemaChecks.CheckLabelColumn(shape, "Target", SparsePredictionKind.MulticlassClassification)).Message, "must be a key type");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ColumnSchemaChecks.CheckLabelColumn(shape, "Name", SparsePredictionKind.Regression)).Message, "but its type is Key<UInt32>");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ColumnSchemaChecks.CheckLabelColumn(shape, "Nope", SparsePredictionKind.Regression)).Message, "The label column 'Nope' was not found");
    }
}
