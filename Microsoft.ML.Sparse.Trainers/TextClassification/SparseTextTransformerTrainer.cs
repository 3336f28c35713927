// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Runtime;
using Microsoft.ML.Sparse.Persistence;
using Microsoft.ML.Sparse.TextClassification;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse;

/// <summary>
/// Multiclass text classifier: a Transformer encoder whose attention and feed-forward projections are sparse, trained
/// with CHTs/CHTss (or the SET, RigL, static and dense baselines) on a String column and a key-typed label. Fit learns
/// a subword (BPE) vocabulary from the training texts (nothing is downloaded), trains the model and returns a
/// <see cref="SparseMulticlassPredictionTransformer"/> with Score (class probabilities, slot names = class names) and
/// PredictedLabel, so <c>mlContext.MulticlassClassification.Evaluate</c>, PredictionEngine and
/// <c>mlContext.Model.Save</c>/<c>Load</c> work unchanged. Scoring runs the TorchSharp forward pass on the CPU (the
/// TorchSharp native backend is needed to load and score such a model). Create it with
/// <c>mlContext.MulticlassClassification.Trainers.SparseTextTransformer(...)</c>.
/// </summary>
public sealed class SparseTextTransformerTrainer : SparseTrainerBase<SparseTextTransformerOptions, SparseMulticlassPredictionTransformer>
{
    internal SparseTextTransformerTrainer(IHostEnvironment env, SparseTextTransformerOptions options)
        : base(env, options, nameof(SparseTextTransformerTrainer))
    {
    }

    /// <summary>
    /// Trains the classifier on <paramref name="input"/>: reads every text and label into memory (checking the column
    /// types, that there are rows and that every label is a known class), learns the vocabulary, trains for
    /// <see cref="SparseTrainerOptionsBase.NumberOfEpochs"/> epochs and copies the model into a CPU scorer.
    /// </summary>
    private protected override SparseMulticlassPredictionTransformer FitCore(IDataView input)
    {
        var result = TextTransformerTrainingCore.Train(Environment, Options, input, Name);
        var model = SparsePredictionTransformerFactory.CreateMulticlass(Environment, result.Scorer, Options.TextColumnName, result.Data.LabelColumn);
        model.TrainingSummary = new SparseTrainingSummary(result.History, result.Device);
        return model;
    }

    /// <summary>The input schema plus Score (vector of Single) and PredictedLabel (the label's key type).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The text or label column is missing or has the wrong type.</exception>
    public override SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ColumnSchemaChecks.CheckTextColumn(inputSchema, Options.TextColumnName);
        var label = ColumnSchemaChecks.CheckLabelColumn(inputSchema, Options.LabelColumnName, SparsePredictionKind.MulticlassClassification);
        return SchemaShapeHelper.MulticlassOutput(inputSchema, label);
    }
}
