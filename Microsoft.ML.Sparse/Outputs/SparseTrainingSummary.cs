// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Engine.Core.Training;

namespace Microsoft.ML.Sparse;

/// <summary>What happened during one training run of a sparse trainer: per-epoch metrics, every topology round, times. Immutable.</summary>
public sealed class SparseTrainingSummary
{
    internal SparseTrainingSummary(TrainingHistory history, string device, SparseTrainingEngine engine = SparseTrainingEngine.TorchSharp,
        ResolvedMlpSettings? resolved = null, int holdoutRows = 0)
    {
        HoldoutRows = holdoutRows;
        if (resolved is not null)
        {
            SparseLayerDensity = resolved.SparseLayerDensity;
            HiddenLayerSizes = resolved.HiddenLayerSizes?.ToArray();
            LearningRate = resolved.LearningRate;
            FeatureStandardization = resolved.FeatureStandardization;
            FeatureEncoding = resolved.FeatureEncoding;
            SparseInputLayer = resolved.SparseInputLayer;
            Choices = resolved.Choices?.ToArray() ?? Array.Empty<string>();
        }
        Engine = engine;
        Epochs = history.Epochs.Select(e => new SparseEpochMetrics(e.Epoch, e.TrainingLoss, e.ValidationLoss, e.ValidationAccuracy, e.Elapsed, e.LearningRate)).ToArray();
        TopologyRounds = history.Rounds.ToArray();
        Steps = history.Steps;
        TrainingTime = history.Elapsed;
        TopologyTime = history.TopologyTime;
        KeptEpoch = history.KeptEpoch;
        StoppedEarly = history.StoppedEarly;
        RetrainedOnAllRows = history.RetrainedEpochs > 0;
        (ActiveHiddenNeurons, HiddenNeurons) = history.HiddenNeurons is { } neurons ? (neurons.Active, neurons.Total) : ((long?)null, (long?)null);
        Device = device;
    }

    /// <summary>
    /// Training rows held out automatically to choose the epoch on a small table (see
    /// <c>SparseMlpDefaults.AutomaticHoldoutFraction</c>); 0 when the model trained on every row.
    /// </summary>
    public int HoldoutRows { get; }

    /// <summary>One entry per epoch trained.</summary>
    public IReadOnlyList<SparseEpochMetrics> Epochs { get; }

    /// <summary>Telemetry of every topology round, in order.</summary>
    public IReadOnlyList<TopologyRoundStats> TopologyRounds { get; }

    /// <summary>Optimizer steps taken.</summary>
    public long Steps { get; }

    /// <summary>Wall time of the training loop (data reading and export excluded).</summary>
    public TimeSpan TrainingTime { get; }

    /// <summary>Wall time spent in topology rounds (link removal, percolation, link prediction, regrowth).</summary>
    public TimeSpan TopologyTime { get; }

    /// <summary>Share of <see cref="TrainingTime"/> spent in topology rounds.</summary>
    public double TopologyTimeFraction => TrainingTime <= TimeSpan.Zero ? 0 : TopologyTime / TrainingTime;

    /// <summary>1-based epoch whose model was kept (the best validation epoch under early stopping, else the last).</summary>
    public int KeptEpoch { get; }

    /// <summary>Whether early stopping ended training before the last epoch.</summary>
    public bool StoppedEarly { get; }

    /// <summary>
    /// Sparse MLP: whether the model was retrained on every row (holdout rows included) for <see cref="KeptEpoch"/> epochs
    /// after the automatic holdout chose that epoch (tables below <c>SparseMlpDefaults.RetrainRows</c> rows). Then
    /// <see cref="Epochs"/> holds the validated run, and <see cref="TrainingTime"/>, <see cref="Steps"/> and
    /// <see cref="TopologyRounds"/> include the retraining.
    /// </summary>
    public bool RetrainedOnAllRows { get; }

    /// <summary>
    /// Sparse MLP: what the trainer chose from the data for the options left unset, one line per choice with its reason
    /// (hidden shape, density, first layer, epochs and stopping, learning-rate schedule, topology interval,
    /// standardisation, encoding, holdout); the same lines are logged on the ML.NET channel. Empty when every option was
    /// set, and for other trainers.
    /// </summary>
    public IReadOnlyList<string> Choices { get; } = Array.Empty<string>();

    /// <summary>Sparse MLP: whether the first layer (inputs → first hidden layer) was sparse; null for other trainers.</summary>
    public bool? SparseInputLayer { get; }

    /// <summary>
    /// Sparse MLP: hidden neurons of the trained model that have at least one in-link and at least one out-link (an
    /// inactive neuron cannot influence the output). Null for other trainers.
    /// </summary>
    public long? ActiveHiddenNeurons { get; }

    /// <summary>Sparse MLP: all hidden neurons (the sum of the hidden widths). Null for other trainers.</summary>
    public long? HiddenNeurons { get; }

    /// <summary>
    /// Sparse MLP: <see cref="ActiveHiddenNeurons"/> / <see cref="HiddenNeurons"/> after training, the paper's ANP
    /// ("active neuron post-percolation" rate, Table 7); 1 for dense training. Null for other trainers.
    /// </summary>
    public double? ActiveHiddenNeuronFraction => HiddenNeurons is > 0 ? (double)ActiveHiddenNeurons!.Value / HiddenNeurons.Value : null;

    /// <summary>Device type trained on ("CPU" or "CUDA").</summary>
    public string Device { get; }

    /// <summary>
    /// Sparse MLP: the density every sparse (hidden) layer was trained at, as requested or as chosen from the data when
    /// <c>SparseTopologyOptions.Density</c> was unset; the dense output layer is not counted (the whole
    /// network's share of links is <see cref="SparseModelInfo.NetworkDensity"/>). Null for other trainers.
    /// </summary>
    public double? SparseLayerDensity { get; }

    /// <summary>Sparse MLP: the hidden widths trained (as given or chosen from the data). Null for other trainers.</summary>
    public IReadOnlyList<int>? HiddenLayerSizes { get; }

    /// <summary>Sparse MLP: the learning rate of the run that produced the model (lower than asked after a divergence restart). Null for other trainers.</summary>
    public double? LearningRate { get; }

    /// <summary>Sparse MLP: the feature standardisation applied (never <see cref="Sparse.FeatureStandardization.Auto"/>). Null for other trainers.</summary>
    public FeatureStandardization? FeatureStandardization { get; }

    /// <summary>
    /// Sparse MLP: the input encoding applied (never <see cref="Sparse.FeatureEncoding.Auto"/>; with
    /// <see cref="Sparse.FeatureEncoding.PiecewiseLinear"/> the saved model starts with the fixed encoding layer). Null for
    /// other trainers.
    /// </summary>
    public FeatureEncoding? FeatureEncoding { get; }

    /// <summary>The engine that trained the model (<see cref="SparseTrainingEngine.Managed"/> or <see cref="SparseTrainingEngine.TorchSharp"/>).</summary>
    public SparseTrainingEngine Engine { get; }

    /// <summary>
    /// The summary carried by a fitted model: <paramref name="model"/> itself when it is a sparse transformer, else the
    /// last sparse transformer of a <see cref="TransformerChain{TLastTransformer}"/> (searched depth-first from the end,
    /// nested chains included). Null when the model has no sparse transformer or was loaded from a file.
    /// </summary>
    /// <param name="model">What <c>Fit</c> returned, e.g. <c>pipeline.Fit(data)</c>.</param>
    public static SparseTrainingSummary? Of(ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model switch
        {
            SparsePredictionTransformerBase prediction => prediction.TrainingSummary,
            SparseTranslationTransformer translation => translation.TrainingSummary,
            IEnumerable<ITransformer> chain => chain.Reverse().Select(Of).FirstOrDefault(s => s is not null),
            _ => null,
        };
    }
}
