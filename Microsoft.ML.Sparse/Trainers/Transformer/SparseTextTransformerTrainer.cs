using Microsoft.ML.Runtime;
using Microsoft.ML.Sparse.Persistence;
using Microsoft.ML.Sparse.Trainers;
using Microsoft.ML.Sparse.Trainers.Transformer;

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
public sealed class SparseTextTransformerTrainer : IEstimator<SparseMulticlassPredictionTransformer>
{
    private const string Name = nameof(SparseTextTransformerTrainer);
    private readonly IHostEnvironment _environment;

    internal SparseTextTransformerTrainer(IHostEnvironment env, SparseTextTransformerOptions options)
    {
        _environment = env ?? throw new ArgumentNullException(nameof(env));
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options.Copy();
    }

    /// <summary>The options this trainer was created with (a copy; changing it after creation has no effect on this trainer).</summary>
    public SparseTextTransformerOptions Options { get; }

    /// <summary>
    /// Trains the classifier on <paramref name="input"/>: reads every text and label into memory (checking the column
    /// types, that there are rows and that every label is a known class), learns the vocabulary, trains for
    /// <see cref="SparseTrainerOptionsBase.NumberOfEpochs"/> epochs and copies the model into a CPU scorer.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The text or label column is missing or has the wrong type.</exception>
    /// <exception cref="InvalidOperationException">The data is empty or has missing labels, or training diverged.</exception>
    /// <exception cref="OperationCanceledException">The options' cancellation token was signalled.</exception>
    /// <exception cref="TorchBackendUnavailableException">The TorchSharp native backend (or the requested CUDA device) is unavailable.</exception>
    public SparseMulticlassPredictionTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var result = TextTransformerTrainingCore.Train(_environment, Options, input, Name);
        var model = SparsePredictionTransformerFactory.CreateMulticlass(_environment, result.Scorer, Options.TextColumnName, result.Data.LabelColumn);
        model.TrainingSummary = new SparseTrainingSummary(result.History, result.Device);
        return model;
    }

    /// <summary>The input schema plus Score (vector of Single) and PredictedLabel (the label's key type).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The text or label column is missing or has the wrong type.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        TrainingDataReader.CheckTextColumn(inputSchema, Options.TextColumnName);
        var label = TrainingDataReader.CheckLabelColumn(inputSchema, Options.LabelColumnName, SparsePredictionKind.MulticlassClassification);
        return SchemaShapeHelper.MulticlassOutput(inputSchema, label);
    }
}
