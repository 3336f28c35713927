// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using Microsoft.ML.Sparse.Comparison;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// The reference rows of the text-classification benchmark: ML.NET's standard text pipelines with default settings, the
/// same candidates <see cref="TextComparisonCandidates"/> gives the comparison API (FeaturizeText + SdcaMaximumEntropy,
/// + LbfgsMaximumEntropy, + OneVersusAll(AveragedPerceptron)) plus FeaturizeText + LightGbm, trained on the benchmark's
/// split and evaluated with the same evaluator as the sparse Transformer.
/// </summary>
internal static class TextClassificationReferences
{
    /// <summary>Short names for --references, in report order.</summary>
    public static readonly string[] All = { "Sdca", "Lbfgs", "OvaAveragedPerceptron", "LightGbm" };

    /// <summary>One reference pipeline's result on the held-out e-mails.</summary>
    public sealed record Result(string Pipeline, double Accuracy, double MacroAccuracy, double LogLoss, double FitSeconds, double EvaluateSeconds, long ZipBytes);

    /// <summary>The candidates named in <paramref name="names"/> (see <see cref="All"/>), on the "Text" and "Label" columns.</summary>
    public static IReadOnlyList<ComparisonCandidate> Candidates(IEnumerable<string> names)
    {
        var options = new ComparisonOptions { FeatureColumnName = "Text", LabelColumnName = "Label" };
        var mlNet = TextComparisonCandidates.MlNetPipelines(options);
        var lightGbm = TextComparisonCandidates.FeaturizedText(options, "LightGbm",
            (ml, features) => ml.MulticlassClassification.Trainers.LightGbm(labelColumnName: "Label", featureColumnName: features));
        return names.Select(name => name.ToLowerInvariant() switch
        {
            "sdca" => mlNet[0],
            "lbfgs" => mlNet[1],
            "ovaaveragedperceptron" => mlNet[2],
            "lightgbm" => lightGbm,
            _ => throw new ArgumentException($"Unknown reference '{name}'; valid: {string.Join(", ", All)} or none."),
        }).ToList();
    }

    /// <summary>Fits MapValueToKey("Label") + the candidate on <paramref name="train"/>, evaluates on <paramref name="test"/>, measures the zip.</summary>
    public static Result Run(MLContext ml, IDataView train, IDataView test, ComparisonCandidate candidate, int seed)
    {
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label").Append(candidate.CreateEstimator(ml, seed));
        var watch = Stopwatch.StartNew();
        var model = pipeline.Fit(train);
        double fitSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
        double evaluateSeconds = watch.Elapsed.TotalSeconds;
        using var zip = new MemoryStream();
        ml.Model.Save(model, train.Schema, zip);
        return new Result(candidate.Method, metrics.MicroAccuracy, metrics.MacroAccuracy, metrics.LogLoss, fitSeconds, evaluateSeconds, zip.Length);
    }
}
