// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;

namespace Microsoft.ML.Sparse;

/// <summary>
/// The annotations ML.NET's own scorers put on prediction columns (names and values as in ML.NET 6.0's
/// AnnotationUtils / ScoreSchemaFactory, unchanged since 5.0), so evaluators, PFI and PredictionEngine treat our
/// columns like theirs.
/// </summary>
internal static class ScoreAnnotations
{
    public const string ScoreColumnKind = "ScoreColumnKind";
    public const string ScoreValueKind = "ScoreValueKind";
    public const string ScoreColumnSetId = "ScoreColumnSetId";
    public const string TrainingLabelValues = "TrainingLabelValues";
    public const string KeyValues = "KeyValues";
    public const string SlotNames = "SlotNames";
    public const string IsNormalized = "IsNormalized";

    public const string MulticlassClassification = "MulticlassClassification";
    public const string BinaryClassification = "BinaryClassification";
    public const string Regression = "Regression";

    public const string Score = "Score";
    public const string Probability = "Probability";
    public const string PredictedLabel = "PredictedLabel";

    /// <summary>The type of ScoreColumnSetId values: Key&lt;UInt32, 0-2147483646&gt;.</summary>
    public static readonly KeyDataViewType ScoreColumnSetIdType = new(typeof(uint), int.MaxValue);

    /// <summary>One more than the largest ScoreColumnSetId among the input columns (1 when there is none), as ML.NET does.</summary>
    public static uint NextScoreColumnSetId(DataViewSchema input)
    {
        uint max = 0;
        foreach (var column in input)
        {
            var annotation = column.Annotations.Schema.GetColumnOrNull(ScoreColumnSetId);
            if (annotation?.Type is not KeyDataViewType key || key.RawType != typeof(uint))
                continue;
            uint value = 0;
            column.Annotations.GetValue(ScoreColumnSetId, ref value);
            max = Math.Max(max, value);
        }
        return checked(max + 1);
    }

    /// <summary>Adds a text annotation.</summary>
    public static void AddText(DataViewSchema.Annotations.Builder builder, string kind, string value)
    {
        var memory = value.AsMemory();
        builder.Add(kind, TextDataViewType.Instance, (ref ReadOnlyMemory<char> dst) => dst = memory);
    }

    /// <summary>Adds the ScoreColumnSetId annotation.</summary>
    public static void AddSetId(DataViewSchema.Annotations.Builder builder, uint setId) =>
        builder.Add(ScoreColumnSetId, ScoreColumnSetIdType, (ref uint dst) => dst = setId);

    /// <summary>Adds IsNormalized = true.</summary>
    public static void AddIsNormalized(DataViewSchema.Annotations.Builder builder) =>
        builder.Add(IsNormalized, BooleanDataViewType.Instance, (ref bool dst) => dst = true);
}
