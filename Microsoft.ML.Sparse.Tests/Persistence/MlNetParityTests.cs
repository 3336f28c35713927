// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Persistence;
using Microsoft.ML.Sparse.Scoring;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse.Tests.Persistence;

/// <summary>Our prediction columns and estimator schema shapes match those of ML.NET's own trainers.</summary>
[TestClass]
public sealed class MlNetParityTests
{
    /// <summary>"column: type | annotation: type = value" lines, sorted, for comparison.</summary>
    private static string[] Describe(DataViewSchema schema, params string[] columns) => columns.SelectMany(name =>
    {
        var column = schema[name];
        return column.Annotations.Schema.Select(a => $"{name}: {column.Type} | {a.Name}: {a.Type} = {AnnotationValue(column, a)}").Append($"{name}: {column.Type}");
    }).Order(StringComparer.Ordinal).ToArray();

    private static string AnnotationValue(DataViewSchema.Column column, DataViewSchema.Column annotation)
    {
        switch (annotation.Type)
        {
            case TextDataViewType:
                ReadOnlyMemory<char> text = default;
                column.Annotations.GetValue(annotation.Name, ref text);
                return text.ToString();
            case VectorDataViewType { ItemType: TextDataViewType }:
                VBuffer<ReadOnlyMemory<char>> texts = default;
                column.Annotations.GetValue(annotation.Name, ref texts);
                return string.Join("|", texts.DenseValues());
            case KeyDataViewType:
                uint key = 0;
                column.Annotations.GetValue(annotation.Name, ref key);
                return key.ToString();
            case BooleanDataViewType:
                bool flag = false;
                column.Annotations.GetValue(annotation.Name, ref flag);
                return flag.ToString();
            default:
                return "?";
        }
    }

    private static string[] Describe(SchemaShape shape, params string[] columns) => columns.SelectMany(name =>
    {
        Assert.IsTrue(SchemaShapeHelper.TryFindColumn(shape, name, out var column), name);
        return column.Annotations.Select(a => $"{name}: {column.Kind} {column.ItemType} key={column.IsKey} | {a.Name}: {a.Kind} {a.ItemType} key={a.IsKey}")
            .Append($"{name}: {column.Kind} {column.ItemType} key={column.IsKey}");
    }).Order(StringComparer.Ordinal).ToArray();

    [TestMethod]
    public void MulticlassColumnsMatchSdcaMaximumEntropy()
    {
        var ml = new MLContext(1);
        var data = PredictionTestKit.KeyedData(ml, out var label);
        var theirs = ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(maximumNumberOfIterations: 2);
        var ours = SparsePredictionTransformerFactory.CreateMulticlass(ml, new MlpScorer(PredictionTestKit.ThreeClassModel()), "Features", label);

        CollectionAssert.AreEqual(Describe(theirs.Fit(data).Transform(data).Schema, "Score", "PredictedLabel"), Describe(ours.Transform(data).Schema, "Score", "PredictedLabel"));

        var input = SchemaShapeHelper.FromSchema(data.Schema);
        SchemaShapeHelper.TryFindColumn(input, "Label", out var labelShape);
        var shape = SchemaShapeHelper.MulticlassOutput(input, labelShape);
        CollectionAssert.AreEqual(Describe(theirs.GetOutputSchema(input), "Score", "PredictedLabel"), Describe(shape, "Score", "PredictedLabel"));
        CollectionAssert.AreEqual(Describe(SchemaShapeHelper.FromSchema(ours.Transform(data).Schema), "Score", "PredictedLabel"), Describe(shape, "Score", "PredictedLabel"));
    }

    [TestMethod]
    public void BinaryColumnsMatchSdcaLogisticRegression()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(PredictionTestKit.Rows());
        var theirs = ml.BinaryClassification.Trainers.SdcaLogisticRegression("IsPositive", maximumNumberOfIterations: 2);
        var ours = SparsePredictionTransformerFactory.CreateBinary(ml, new MlpScorer(PredictionTestKit.OneOutputModel()), "Features");
        string[] columns = { "Score", "Probability", "PredictedLabel" };

        CollectionAssert.AreEqual(Describe(theirs.Fit(data).Transform(data).Schema, columns), Describe(ours.Transform(data).Schema, columns));
        var input = SchemaShapeHelper.FromSchema(data.Schema);
        CollectionAssert.AreEqual(Describe(theirs.GetOutputSchema(input), columns), Describe(SchemaShapeHelper.BinaryOutput(input), columns));
        CollectionAssert.AreEqual(Describe(SchemaShapeHelper.FromSchema(ours.Transform(data).Schema), columns), Describe(SchemaShapeHelper.BinaryOutput(input), columns));
    }

    [TestMethod]
    public void RegressionColumnsMatchSdca()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(PredictionTestKit.Rows());
        var theirs = ml.Regression.Trainers.Sdca("Target", maximumNumberOfIterations: 2);
        var ours = SparsePredictionTransformerFactory.CreateRegression(ml, new MlpScorer(PredictionTestKit.OneOutputModel()), "Features");

        CollectionAssert.AreEqual(Describe(theirs.Fit(data).Transform(data).Schema, "Score"), Describe(ours.Transform(data).Schema, "Score"));
        var input = SchemaShapeHelper.FromSchema(data.Schema);
        CollectionAssert.AreEqual(Describe(theirs.GetOutputSchema(input), "Score"), Describe(SchemaShapeHelper.RegressionOutput(input), "Score"));
    }

    [TestMethod]
    public void SecondScorerInAPipelineGetsTheNextScoreColumnSetId()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(PredictionTestKit.Rows());
        var first = SparsePredictionTransformerFactory.CreateRegression(ml, new MlpScorer(PredictionTestKit.OneOutputModel()), "Features");
        var second = SparsePredictionTransformerFactory.CreateBinary(ml, new MlpScorer(PredictionTestKit.OneOutputModel()), "Features", scoreColumnName: "Score2",
            probabilityColumnName: "Probability2", predictedLabelColumnName: "PredictedLabel2");
        var schema = second.Transform(first.Transform(data)).Schema;
        uint id = 0;
        schema["Score2"].Annotations.GetValue("ScoreColumnSetId", ref id);
        Assert.AreEqual(2u, id);
    }
}
