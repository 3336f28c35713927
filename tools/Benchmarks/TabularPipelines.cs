// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// The estimators the tabular benchmark compares, as a user would write them: the SparseMlp defaults, the same API's
/// dense MLP, CHTs at 10%, and ML.NET's LightGbm and SDCA defaults. Two-class tables use the binary catalog (Boolean
/// label), others the multiclass catalog (key label), regression the regression catalog.
/// </summary>
internal static class TabularPipelines
{
    public const string Defaults = "SparseMlp defaults";
    public const string Dense = "SparseMlp dense";
    public const string Chts10 = "CHTs 10%";
    public const string LightGbm = "LightGbm";
    public const string Sdca = "SDCA";

    /// <summary>Every method, in report order.</summary>
    public static readonly string[] Methods = { Defaults, Dense, Chts10, LightGbm, Sdca };

    /// <summary>Whether the method is one of this library's trainers.</summary>
    public static bool IsSparseMlp(string method) => method is Defaults or Dense or Chts10;

    public static IEstimator<ITransformer> For(MLContext ml, TabularTable table, string method) =>
        table.Regression ? Regressor(ml, method) : table.Classes == 2 ? Binary(ml, method) : Multiclass(ml, method);

    private static IEstimator<ITransformer> Multiclass(MLContext ml, string method)
    {
        var key = ml.Transforms.Conversion.MapValueToKey("Label");
        var t = ml.MulticlassClassification.Trainers;
        return method switch
        {
            Defaults => key.Append(t.SparseMlp()),
            Dense => key.Append(t.SparseMlp(density: 1.0, method: SparseTrainingMethod.Dense)),
            Chts10 => key.Append(t.SparseMlp(density: 0.10)),
            LightGbm => key.Append(t.LightGbm()),
            Sdca => key.Append(ml.Transforms.NormalizeMinMax("Features")).Append(t.SdcaMaximumEntropy()),
            _ => throw new ArgumentException($"unknown method '{method}'", nameof(method)),
        };
    }

    private static IEstimator<ITransformer> Binary(MLContext ml, string method)
    {
        var t = ml.BinaryClassification.Trainers;
        return method switch
        {
            Defaults => t.SparseMlp(labelColumnName: "Positive"),
            Dense => t.SparseMlp(labelColumnName: "Positive", density: 1.0, method: SparseTrainingMethod.Dense),
            Chts10 => t.SparseMlp(labelColumnName: "Positive", density: 0.10),
            LightGbm => t.LightGbm(labelColumnName: "Positive"),
            Sdca => ml.Transforms.NormalizeMinMax("Features").Append(t.SdcaLogisticRegression(labelColumnName: "Positive")),
            _ => throw new ArgumentException($"unknown method '{method}'", nameof(method)),
        };
    }

    private static IEstimator<ITransformer> Regressor(MLContext ml, string method)
    {
        var t = ml.Regression.Trainers;
        return method switch
        {
            Defaults => t.SparseMlp(),
            Dense => t.SparseMlp(density: 1.0, method: SparseTrainingMethod.Dense),
            Chts10 => t.SparseMlp(density: 0.10),
            LightGbm => t.LightGbm(),
            Sdca => ml.Transforms.NormalizeMinMax("Features").Append(t.Sdca()),
            _ => throw new ArgumentException($"unknown method '{method}'", nameof(method)),
        };
    }
}
