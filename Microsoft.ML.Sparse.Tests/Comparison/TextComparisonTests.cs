// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Comparison;

namespace Microsoft.ML.Sparse.Tests.Comparison;

/// <summary>
/// A text comparison: the sparse text Transformer next to ML.NET's FeaturizeText pipelines on the same split, on a
/// String column, with latency measured from the text alone.
/// </summary>
[TestClass]
public sealed class TextComparisonTests
{
    private sealed class Message
    {
        public string Body { get; set; } = "";

        public string Kind { get; set; } = "";
    }

    /// <summary>Two kinds of messages that differ in their words: any text classifier separates them.</summary>
    private static IDataView Messages(MLContext ml, int perKind, int seed)
    {
        var random = new Random(seed);
        string[] spam = { "cheap", "pills", "winner", "offer", "free", "money", "click", "prize" };
        string[] work = { "meeting", "agenda", "report", "budget", "review", "schedule", "project", "notes" };
        string Sentence(string[] words) => string.Join(' ', Enumerable.Range(0, 6).Select(_ => words[random.Next(words.Length)]));
        var rows = Enumerable.Range(0, perKind).SelectMany(_ => new[]
        {
            new Message { Body = Sentence(spam), Kind = "spam" },
            new Message { Body = Sentence(work), Kind = "work" },
        });
        return ml.Data.LoadFromEnumerable(rows.ToArray());
    }

    private static SparseTextTransformerOptions Tiny() => new()
    {
        NumberOfEpochs = 3,
        BatchSize = 16,
        VocabularySize = 100,
        MaxTokens = 16,
        ModelDim = 16,
        Heads = 2,
        FeedForwardDim = 32,
        EncoderLayers = 1,
        LearningRateSchedule = LearningRateSchedule.Constant,
        LearningRate = 3e-3,
    };

    [TestMethod]
    public void TheSparseTextTransformerRunsNextToMlNetTextPipelines()
    {
        var ml = new MLContext(1);
        var options = new ComparisonOptions { FeatureColumnName = "Body", LabelColumnName = "Kind", LatencySamples = 10, ThroughputRows = 20 };
        var candidates = TextComparisonCandidates.SparseTextTransformer(options, new[] { SparseTrainingMethod.Chts }, new[] { 0.5 }, Tiny)
            .Concat(TextComparisonCandidates.MlNetPipelines(options))
            .ToList();
        var result = SparseComparison.Run(ml, Messages(ml, 60, 1), candidates, options);

        CollectionAssert.AreEqual(new[] { "CHTs", "FeaturizeText + SdcaMaximumEntropy", "FeaturizeText + LbfgsMaximumEntropy", "FeaturizeText + OneVersusAll(AveragedPerceptron)" },
            result.Rows.Select(r => r.Method).ToArray());
        foreach (var row in result.Rows)
        {
            Assert.IsTrue(row.MetricMeans["Accuracy"] > 0.9, $"{row.Method}: accuracy {row.MetricMeans["Accuracy"]}");
            Assert.IsTrue(row.MedianLatencyMicroseconds > 0, row.Method);
            Assert.IsTrue(double.IsFinite(row.MedianBatchRowsPerSecond), row.Method);
        }
        Assert.IsFalse(result.Rows[0].IsReference);
        Assert.AreEqual(0.5, result.Rows[0].Density);
        Assert.IsNotNull(result.Rows[0].Runs[0].TrainingSummary, "the sparse row carries its training summary");
        Assert.IsTrue(result.Rows.Skip(1).All(r => r.IsReference && r.Density is null));
        StringAssert.Contains(result.ToMarkdown(), "| FeaturizeText + SdcaMaximumEntropy (ML.NET) | dense |");
    }

    [TestMethod]
    public void AnyTrainerRunsOnTheFeaturizedTextAndBinaryTasksGetBinaryPipelines()
    {
        var ml = new MLContext(1);
        var binary = new ComparisonOptions { Task = ComparisonTask.BinaryClassification, FeatureColumnName = "Body" };
        CollectionAssert.AreEqual(new[] { "FeaturizeText + SdcaLogisticRegression", "FeaturizeText + LbfgsLogisticRegression", "FeaturizeText + AveragedPerceptron" },
            TextComparisonCandidates.MlNetPipelines(binary).Select(c => c.Method).ToArray());

        var options = new ComparisonOptions { FeatureColumnName = "Body", LabelColumnName = "Kind", LatencySamples = 5, ThroughputRows = 0 };
        var naiveBayes = TextComparisonCandidates.FeaturizedText(options, "NaiveBayes",
            (context, features) => context.Transforms.Conversion.ConvertType(features, outputKind: Microsoft.ML.Data.DataKind.Single)
                .Append(context.MulticlassClassification.Trainers.NaiveBayes("Kind", features)));
        var result = SparseComparison.Run(ml, Messages(ml, 30, 2), new[] { naiveBayes }, options);
        Assert.AreEqual("FeaturizeText + NaiveBayes", result.Rows[0].Method);
        Assert.IsTrue(result.Rows[0].MetricMeans["Accuracy"] > 0.9, result.ToMarkdown());
    }

    [TestMethod]
    public void TextCandidatesExplainWhatDoesNotFit()
    {
        var regression = new ComparisonOptions { Task = ComparisonTask.Regression, FeatureColumnName = "Body" };
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => TextComparisonCandidates.MlNetPipelines(regression)).Message, "Text pipelines classify");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() =>
            TextComparisonCandidates.SparseTextTransformer(regression, new[] { SparseTrainingMethod.Dense }, Array.Empty<double>())).Message, "multiclass classifier");
        var options = new ComparisonOptions { FeatureColumnName = "Body" };
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TextComparisonCandidates.SparseTextTransformer(options, new[] { SparseTrainingMethod.Chts }, new[] { 1.5 }));
        var list = TextComparisonCandidates.SparseTextTransformer(options, new[] { SparseTrainingMethod.Dense, SparseTrainingMethod.Chtss }, new[] { 0.1, 0.05 });
        CollectionAssert.AreEqual(new[] { "Dense 1", "CHTss 0.1", "CHTss 0.05" }, list.Select(c => FormattableString.Invariant($"{c.Method} {c.Density}")).ToArray());
    }
}
