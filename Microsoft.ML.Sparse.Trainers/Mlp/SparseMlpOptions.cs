// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse;

/// <summary>
/// Options of the sparse MLP trainers (<c>SparseMlp</c> in the multiclass, binary and regression catalogs): the
/// network shape on top of the shared training and topology settings of <see cref="SparseTrainerOptionsBase"/>.
/// Options left unset (null, or <see cref="FeatureStandardization.Auto"/>) are derived from the training data when Fit
/// runs (<see cref="SparseMlpDefaults"/>, tabled in docs/mlp-trainer.md): hidden shape, density, epochs, topology
/// interval, standardisation and a learning rate that restarts lower if the loss diverges. The rest follows the paper's
/// MLP setup (CHTs, SGD with momentum 0.9 and weight decay 5e-4, linear decay, batch 32). The paper presets set every
/// value explicitly.
/// </summary>
public sealed class SparseMlpOptions : SparseTrainerOptionsBase
{
    /// <summary>
    /// Options with the sparse MLP's defaults: the <see cref="SparseOptimizer.Adam"/> optimizer and the
    /// <see cref="LearningRateSchedule.Auto"/> schedule, everything else unset or as documented.
    /// </summary>
    public SparseMlpOptions()
    {
        Optimizer = SparseOptimizer.Adam;
        LearningRateSchedule = LearningRateSchedule.Auto;
    }

    /// <summary>Feature column: a known-size vector of Single. Default "Features".</summary>
    public string FeatureColumnName = DefaultColumnNames.Features;

    /// <summary>
    /// Widths of the hidden layers (all sparse). Null (default): three layers of max(2 · features, 256) neurons (128
    /// instead of 256 below 1000 training rows): the paper's 784-1568-1568-1568 shape for images, wider than 2 · features
    /// for narrow tables.
    /// </summary>
    public int[]? HiddenLayerSizes;

    /// <summary>
    /// Whether the first layer (inputs → first hidden layer) is sparse. Null (default): dense when the density would give
    /// each of its neurons fewer than <see cref="SparseMlpDefaults.WarningLinksPerNeuron"/> links (16 inputs at 12.5%
    /// leave 2) or when the dense layer has fewer links than the sparse hidden-to-hidden layers together (under 64 inputs
    /// for the default shape: a narrow table, where the dense layer costs little); sparse otherwise (image pixels,
    /// encoded or wide tables). True: sparse at <see cref="SparseTopologyOptions.Density"/> like the other hidden layers
    /// (the paper); false: dense.
    /// </summary>
    public bool? SparsifyInputLayer;

    /// <summary>Whether the output layer is sparse too. Default false (paper: it stays dense).</summary>
    public bool SparsifyOutputLayer;

    /// <summary>Dropout probability after every hidden activation during training, in [0, 1). Default 0 (paper).</summary>
    public double Dropout;

    /// <summary>
    /// Which engine trains the MLP. <see cref="SparseTrainingEngine.Auto"/> (default): the managed CSR engine for sparse
    /// methods on the CPU (no libtorch needed), TorchSharp on CUDA and for the dense baseline (the managed engine, with one
    /// warning per MLContext, when libtorch does not load). Both engines take the same
    /// options and produce the same kind of model; their random draws differ, so results for a seed differ between them.
    /// </summary>
    public SparseTrainingEngine Engine = SparseTrainingEngine.Auto;

    /// <summary>
    /// How the features are standardised before training (learned on the training data, folded into the first layer
    /// afterwards, so the model scores raw features: no normalising step is needed in the pipeline). Default
    /// <see cref="FeatureStandardization.Auto"/>: per feature for tables, global (the paper's preprocessing) for
    /// pixel-like inputs.
    /// </summary>
    public FeatureStandardization FeatureStandardization = FeatureStandardization.Auto;

    /// <summary>
    /// How each feature is encoded before the network (learned on the training data and saved as the model's first,
    /// untrained layer). Default <see cref="FeatureEncoding.Auto"/>: piecewise-linear over quantile bins for
    /// classification on narrow tables, none otherwise.
    /// </summary>
    public FeatureEncoding FeatureEncoding = FeatureEncoding.Auto;

    /// <summary>
    /// Bounded-memory training: the most training rows held in memory at once, or null (default) to read every row into
    /// memory first (the faster path when the data fits). When set, Fit reads the IDataView once for its statistics
    /// (row count, label checks, standardisation), then once per epoch in consecutive blocks of this many rows (rounded
    /// down to whole batches), visiting the blocks in a seeded order and shuffling the rows within each block; the
    /// result is deterministic for a fixed seed. Rows are only mixed within a block: data sorted by its label needs one
    /// shuffle on disk first. It trains on the managed CPU engine without an input encoding; it rejects
    /// <see cref="SparseTrainingEngine.TorchSharp"/>, <see cref="FeatureEncoding.PiecewiseLinear"/> and correlated
    /// (CSTI) initialisation, skips the automatic holdout of small tables (set a ValidationSet to stop early), and
    /// holds a ValidationSet in memory, so it may have at most this many rows. At least <see cref="SparseTrainerOptionsBase.BatchSize"/>.
    /// </summary>
    public int? StreamingBlockRows;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        if (string.IsNullOrWhiteSpace(FeatureColumnName))
            throw new ArgumentException("FeatureColumnName must name a column.", nameof(FeatureColumnName));
        if (HiddenLayerSizes != null)
        {
            if (HiddenLayerSizes.Length == 0)
                throw new ArgumentException("HiddenLayerSizes needs at least one layer (or null for the automatic shape).", nameof(HiddenLayerSizes));
            for (int i = 0; i < HiddenLayerSizes.Length; i++)
                if (HiddenLayerSizes[i] < 1)
                    throw new ArgumentOutOfRangeException(nameof(HiddenLayerSizes), HiddenLayerSizes[i], $"Hidden layer {i + 1} must have at least one neuron.");
        }
        if (!(Dropout >= 0 && Dropout < 1))
            throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, "Dropout must be in [0, 1).");
        if (!Enum.IsDefined(Engine))
            throw new ArgumentOutOfRangeException(nameof(Engine), Engine, $"Unknown engine; valid: {string.Join(", ", Enum.GetNames<SparseTrainingEngine>())}.");
        if (Engine == SparseTrainingEngine.Managed && Device == SparseDevice.Cuda)
            throw new ArgumentException("Engine = Managed trains on the CPU; with Device = Cuda use Engine = TorchSharp or Auto, or set Device = Cpu.", nameof(Engine));
        if (!Enum.IsDefined(FeatureStandardization))
            throw new ArgumentOutOfRangeException(nameof(FeatureStandardization), FeatureStandardization, "Unknown feature standardisation.");
        if (StreamingBlockRows is { } blockRows && blockRows < BatchSize)
            throw new ArgumentOutOfRangeException(nameof(StreamingBlockRows), blockRows, $"StreamingBlockRows must hold at least one batch ({BatchSize} rows), or be null to train in memory.");
        if (!Enum.IsDefined(FeatureEncoding))
            throw new ArgumentOutOfRangeException(nameof(FeatureEncoding), FeatureEncoding, $"Unknown feature encoding; valid: {string.Join(", ", Enum.GetNames<FeatureEncoding>())}.");
    }

    /// <summary>A copy (the topology options are copied too; the validation set, progress and token are shared).</summary>
    internal override SparseMlpOptions Copy()
    {
        var copy = (SparseMlpOptions)base.Copy();
        copy.HiddenLayerSizes = HiddenLayerSizes?.ToArray();
        return copy;
    }
}
