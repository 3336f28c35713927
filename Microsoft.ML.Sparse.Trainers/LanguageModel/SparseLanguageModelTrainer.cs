// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Sparse.LanguageModels;
using Microsoft.ML.Sparse.Persistence;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse;

/// <summary>
/// Trains a sparse causal decoder-only Transformer language model (LLaMA-shaped: RMSNorm, rotary positions, SwiGLU)
/// on the texts of one column, with CHTss (or CHTs, SET, RigL, static, dense) on every q, k, v, o, gate, up and down
/// projection. Input: a Text column; output of the trained <see cref="SparseLanguageModelTransformer"/>: per row the
/// text's log-likelihood, subword count and perplexity, plus text generation. Create it with
/// <c>mlContext.Transforms.Text.SparseLanguageModel(...)</c>; measure a corpus with <see cref="SparseLanguageModelEvaluator"/>.
/// </summary>
public sealed class SparseLanguageModelTrainer : SparseTrainerBase<SparseLanguageModelOptions, SparseLanguageModelTransformer>
{
    internal SparseLanguageModelTrainer(IHostEnvironment env, SparseLanguageModelOptions options)
        : base(env, options, nameof(SparseLanguageModelTrainer))
    {
    }

    /// <summary>
    /// Learns the subword vocabulary from the training texts, then trains next-token prediction for
    /// <see cref="SparseTrainerOptionsBase.NumberOfEpochs"/> epochs (or until early stopping on the validation set),
    /// evolving the sparse topology as <see cref="SparseTrainerOptionsBase.Topology"/> says.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The text column is missing or is not of type Text, or the density leaves a projection without links.</exception>
    /// <exception cref="InvalidOperationException">The data has no rows, only empty texts, an empty text while
    /// <see cref="SparseLanguageModelOptions.SkipEmptyRows"/> is false, or training diverged.</exception>
    /// <exception cref="OperationCanceledException">The options' cancellation token was signalled.</exception>
    /// <exception cref="TorchBackendUnavailableException">The TorchSharp native backend (or the requested CUDA device) is unavailable.</exception>
    private protected override SparseLanguageModelTransformer FitCore(IDataView input)
    {
        var result = LanguageModelTrainingCore.Train(Environment, Options, input, Name);
        return new SparseLanguageModelTransformer(Environment, result.Model, Options.TextColumnName, Options.LogLikelihoodColumnName,
            Options.TokenCountColumnName, Options.PerplexityColumnName)
        {
            TrainingSummary = new SparseTrainingSummary(result.History, result.Device),
        };
    }

    /// <summary>The input schema plus LogLikelihood (Single), TokenCount (Int32) and Perplexity (Single); checks the text column.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The text column is missing or is not of type Text.</exception>
    public override SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ColumnSchemaChecks.CheckTextColumn(inputSchema, Options.TextColumnName);
        return SchemaShapeHelper.WithColumns(inputSchema,
            SchemaShapeHelper.Column(Options.LogLikelihoodColumnName, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, isKey: false),
            SchemaShapeHelper.Column(Options.TokenCountColumnName, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Int32, isKey: false),
            SchemaShapeHelper.Column(Options.PerplexityColumnName, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, isKey: false));
    }
}
