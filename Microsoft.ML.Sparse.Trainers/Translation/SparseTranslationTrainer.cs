// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Sparse.Persistence;
using Microsoft.ML.Sparse.Trainers;
using Microsoft.ML.Sparse.Translation;

namespace Microsoft.ML.Sparse;

/// <summary>
/// Trains a sparse encoder-decoder Transformer that translates the text of one column into another language, with
/// CHTs/CHTss (or the SET, RigL, static and dense baselines) on every attention and feed-forward linear layer.
/// Input: a source and a target text column; output of the trained <see cref="SparseTranslationTransformer"/>: a text
/// column with the predicted translation. Create it with <c>mlContext.Transforms.Text.SparseTranslation(...)</c>;
/// score translations with <see cref="SparseTranslationEvaluator"/> (BLEU).
/// </summary>
public sealed class SparseTranslationTrainer : SparseTrainerBase<SparseTranslationOptions, SparseTranslationTransformer>
{
    internal SparseTranslationTrainer(IHostEnvironment env, SparseTranslationOptions options)
        : base(env, options, nameof(SparseTranslationTrainer))
    {
    }

    /// <summary>
    /// Learns the subword vocabularies from the training pairs, then trains the Transformer for
    /// <see cref="SparseTrainerOptionsBase.NumberOfEpochs"/> epochs with teacher forcing and label-smoothed
    /// cross-entropy, evolving the sparse topology as <see cref="SparseTrainerOptionsBase.Topology"/> says.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or is not of type Text.</exception>
    /// <exception cref="InvalidOperationException">The data has no rows, only empty pairs, an empty text while
    /// <see cref="SparseTranslationOptions.SkipEmptyPairs"/> is false, or training diverged.</exception>
    /// <exception cref="OperationCanceledException">The options' cancellation token was signalled.</exception>
    /// <exception cref="TorchBackendUnavailableException">The TorchSharp native backend (or the requested CUDA device) is unavailable.</exception>
    private protected override SparseTranslationTransformer FitCore(IDataView input)
    {
        var result = TranslationTrainingCore.Train(Environment, Options, input, Name);
        return new SparseTranslationTransformer(Environment, result.Model, new TranslationDecodingSettings(Options.Decoding, Options.BeamSize, Options.LengthPenalty, Options.MaxOutputTokens), Options.SourceColumnName, Options.OutputColumnName)
        {
            TrainingSummary = new SparseTrainingSummary(result.History, result.Device),
        };
    }

    /// <summary>The input schema plus the Text output column; checks that both text columns exist and are Text.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or is not of type Text.</exception>
    public override SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ColumnSchemaChecks.CheckTextColumn(inputSchema, Options.SourceColumnName);
        ColumnSchemaChecks.CheckTextColumn(inputSchema, Options.TargetColumnName);
        return SchemaShapeHelper.WithColumns(inputSchema,
            SchemaShapeHelper.Column(Options.OutputColumnName, SchemaShape.Column.VectorKind.Scalar, TextDataViewType.Instance, isKey: false));
    }
}
