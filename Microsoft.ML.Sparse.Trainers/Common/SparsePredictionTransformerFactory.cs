// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Sparse.Persistence;
using Microsoft.ML.Sparse.Scoring;

namespace Microsoft.ML.Sparse.Trainers;

/// <summary>
/// Creates the public prediction transformers around a trained <see cref="ISparseScorer"/> (what trainers return
/// from Fit). Example, at the end of MLP training:
/// <code>
/// var model = MlpExporter.Export(maskedLayers, MlpActivation.Relu);          // managed CSR model, dead neurons dropped
/// var transformer = SparsePredictionTransformerFactory.CreateMulticlass(env, new MlpScorer(model),
///     featureColumnName, trainData.Schema[labelColumnName]);                   // label: key type with KeyValues
/// </code>
/// </summary>
internal static class SparsePredictionTransformerFactory
{
    /// <summary>
    /// Multiclass transformer: Score = softmax of the scorer's outputs (one per class, class names as slot names),
    /// PredictedLabel = key of the largest, with the KeyValues of <paramref name="labelColumn"/> (a key type whose
    /// count equals the scorer's output size).
    /// </summary>
    public static SparseMulticlassPredictionTransformer CreateMulticlass(IHostEnvironment env, ISparseScorer scorer, string inputColumnName,
        DataViewSchema.Column labelColumn, string scoreColumnName = ScoreAnnotations.Score, string predictedLabelColumnName = ScoreAnnotations.PredictedLabel)
    {
        MlNetVersionGuard.EnsureSupported();
        ArgumentNullException.ThrowIfNull(scorer);
        if (labelColumn.Type is not KeyDataViewType key)
            throw new ArgumentException($"Label column '{labelColumn.Name}' must be a key type (use mlContext.Transforms.Conversion.MapValueToKey), got {labelColumn.Type}.", nameof(labelColumn));
        if (key.Count != (ulong)scorer.OutputSize)
            throw new ArgumentException($"Label column '{labelColumn.Name}' has {key.Count} classes but the model has {scorer.OutputSize} outputs.", nameof(labelColumn));
        return new SparseMulticlassPredictionTransformer(env, scorer, inputColumnName, LabelKeyValues.FromColumn(labelColumn), scoreColumnName, predictedLabelColumnName);
    }

    /// <summary>Multiclass transformer with explicit class names (text key values), one per scorer output.</summary>
    public static SparseMulticlassPredictionTransformer CreateMulticlass(IHostEnvironment env, ISparseScorer scorer, string inputColumnName,
        IReadOnlyList<string> classNames, string scoreColumnName = ScoreAnnotations.Score, string predictedLabelColumnName = ScoreAnnotations.PredictedLabel)
    {
        MlNetVersionGuard.EnsureSupported();
        ArgumentNullException.ThrowIfNull(classNames);
        return new SparseMulticlassPredictionTransformer(env, scorer, inputColumnName, LabelKeyValues.FromStrings(classNames), scoreColumnName, predictedLabelColumnName);
    }

    /// <summary>
    /// Binary transformer around a scorer with one output (a logit): Score = logit, Probability = sigmoid(logit),
    /// PredictedLabel = logit &gt; 0.
    /// </summary>
    public static SparseBinaryPredictionTransformer CreateBinary(IHostEnvironment env, ISparseScorer scorer, string inputColumnName,
        string scoreColumnName = ScoreAnnotations.Score, string probabilityColumnName = ScoreAnnotations.Probability,
        string predictedLabelColumnName = ScoreAnnotations.PredictedLabel)
    {
        MlNetVersionGuard.EnsureSupported();
        return new SparseBinaryPredictionTransformer(env, scorer, inputColumnName, scoreColumnName, probabilityColumnName, predictedLabelColumnName);
    }

    /// <summary>Regression transformer around a scorer with one output: Score = output.</summary>
    public static SparseRegressionPredictionTransformer CreateRegression(IHostEnvironment env, ISparseScorer scorer, string inputColumnName,
        string scoreColumnName = ScoreAnnotations.Score)
    {
        MlNetVersionGuard.EnsureSupported();
        return new SparseRegressionPredictionTransformer(env, scorer, inputColumnName, scoreColumnName);
    }
}
