// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.


namespace Microsoft.ML.Sparse.Comparison;

/// <summary>Runs ML.NET's evaluator of a task and flattens its metrics into named numbers.</summary>
internal static class ComparisonMetrics
{
    public const string Accuracy = "Accuracy";

    public static string PrimaryMetric(ComparisonTask task) => task == ComparisonTask.Regression ? "RSquared" : Accuracy;

    public static IReadOnlyDictionary<string, double> Evaluate(MLContext ml, ComparisonTask task, IDataView predictions, string label)
    {
        switch (task)
        {
            case ComparisonTask.MulticlassClassification:
            {
                var m = ml.MulticlassClassification.Evaluate(predictions, label);
                return new Dictionary<string, double>
                {
                    [Accuracy] = m.MicroAccuracy,
                    ["MacroAccuracy"] = m.MacroAccuracy,
                    ["LogLoss"] = m.LogLoss,
                };
            }
            case ComparisonTask.BinaryClassification:
            {
                if (predictions.Schema.GetColumnOrNull("Probability") is not null)
                {
                    var m = ml.BinaryClassification.Evaluate(predictions, label);
                    return new Dictionary<string, double>
                    {
                        [Accuracy] = m.Accuracy,
                        ["AUC"] = m.AreaUnderRocCurve,
                        ["F1"] = m.F1Score,
                        ["LogLoss"] = m.LogLoss,
                    };
                }
                var n = ml.BinaryClassification.EvaluateNonCalibrated(predictions, label);
                return new Dictionary<string, double>
                {
                    [Accuracy] = n.Accuracy,
                    ["AUC"] = n.AreaUnderRocCurve,
                    ["F1"] = n.F1Score,
                };
            }
            case ComparisonTask.Regression:
            {
                var m = ml.Regression.Evaluate(predictions, label);
                return new Dictionary<string, double>
                {
                    ["RSquared"] = m.RSquared,
                    ["RMSE"] = m.RootMeanSquaredError,
                    ["MAE"] = m.MeanAbsoluteError,
                };
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown task.");
        }
    }
}
