using Microsoft.ML.Runtime;
using Microsoft.ML.Sparse.Trainers;
using Microsoft.ML.Sparse.Trainers.Mlp;

namespace Microsoft.ML.Sparse;

/// <summary>
/// Base of the sparse MLP trainers: validates the options when created, trains on <see cref="Fit"/> and returns a
/// prediction transformer that scores with managed CSR kernels (no TorchSharp needed to score or load it).
/// </summary>
/// <typeparam name="TTransformer">The prediction transformer the trainer returns.</typeparam>
public abstract class SparseMlpTrainerBase<TTransformer> : IEstimator<TTransformer>
    where TTransformer : SparsePredictionTransformerBase
{
    private protected SparseMlpTrainerBase(IHostEnvironment env, SparseMlpOptions options, string name)
    {
        Environment = env ?? throw new ArgumentNullException(nameof(env));
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options.Copy();
        Name = name;
    }

    /// <summary>The options this trainer was created with (a copy; changing it after creation has no effect on this trainer).</summary>
    public SparseMlpOptions Options { get; }

    private protected IHostEnvironment Environment { get; }

    private protected string Name { get; }

    private protected abstract SparsePredictionKind Kind { get; }

    /// <summary>
    /// Trains a sparse MLP on <paramref name="input"/>. Reads every row into memory, checks it (finite features,
    /// known labels), fills unset options from the data (<see cref="SparseMlpDefaults"/>), trains for <see cref="SparseTrainerOptionsBase.NumberOfEpochs"/> epochs and exports the network.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type.</exception>
    /// <exception cref="InvalidOperationException">The data is empty or has NaN/infinite features or bad labels, or training diverged.</exception>
    /// <exception cref="OperationCanceledException">The options' cancellation token was signalled.</exception>
    /// <exception cref="TorchBackendUnavailableException">The TorchSharp native backend (or the requested CUDA device) is unavailable.</exception>
    public TTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var result = SparseMlpTrainingCore.Train(Environment, Options, input, Kind, Name);
        var model = CreateTransformer(result);
        model.TrainingSummary = new SparseTrainingSummary(result.History, result.Device, result.Engine, result.Resolved, result.HoldoutRows);
        return model;
    }

    /// <inheritdoc/>
    public abstract SchemaShape GetOutputSchema(SchemaShape inputSchema);

    private protected abstract TTransformer CreateTransformer(SparseMlpTrainingCore.Result result);

    /// <summary>Estimator-time checks of the feature and label columns.</summary>
    private protected SchemaShape.Column CheckColumns(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        TrainingDataReader.CheckFeatureColumn(inputSchema, Options.FeatureColumnName);
        return TrainingDataReader.CheckLabelColumn(inputSchema, Options.LabelColumnName, Kind);
    }
}
