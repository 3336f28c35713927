// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse;

/// <summary>
/// The values the sparse MLP trainers derive their unset options from (one place, referenced by the catalog and the
/// options). An option left null is chosen from the training data when Fit runs; an option set explicitly is used as
/// given. The rules are documented as one table in docs/mlp-trainer.md; the resolved values are logged on the ML.NET
/// channel and reported by <see cref="SparseTrainingSummary"/>.
/// </summary>
public static class SparseMlpDefaults
{
    /// <summary>The paper's MLP density (1%): the floor of the automatic density.</summary>
    public const double PaperDensity = 0.01;

    /// <summary>
    /// Links per neuron the starved-layer warning and the no-links error suggest as a fix ("at least D gives every neuron
    /// 8 links"); the automatic density aims higher, at <see cref="LinksPerNeuron"/>.
    /// </summary>
    public const int MinimumLinksPerNeuron = 8;

    /// <summary>
    /// Incoming links per hidden neuron under the automatic density: density = <see cref="LinksPerNeuron"/> / hidden width,
    /// between <see cref="PaperDensity"/> and <see cref="MaximumAutomaticDensity"/>. For the 256-wide hidden layers of a
    /// table that is 12.5%; for the paper's 1568-wide layers 2%.
    /// </summary>
    public const int LinksPerNeuron = 32;

    /// <summary>
    /// Highest automatic density. Above it a topology round mostly removes links and regrows the same positions at
    /// weight 0 (there is little free room), so a denser network is better trained dense.
    /// </summary>
    public const double MaximumAutomaticDensity = 0.5;

    /// <summary>
    /// Below this many links per neuron a sparse layer gets a warning on the ML.NET channel; under
    /// <see cref="SparseMlpOptions.SparsifyInputLayer"/> = null the first layer stays dense when the density would give its
    /// neurons fewer links than this (narrow tables).
    /// </summary>
    public const double WarningLinksPerNeuron = 4;

    /// <summary>Hidden layers of the automatic shape (the paper's depth).</summary>
    public const int HiddenLayerCount = 3;

    /// <summary>
    /// Narrowest hidden layer of the automatic shape: hidden width = max(2 · features, 256) (the paper's 2 · features
    /// for wide inputs such as 784 pixels; narrow tables get 256), or 128 with fewer than
    /// <see cref="SmallTableRows"/> training rows.
    /// </summary>
    public const int MinimumHiddenWidth = 256;

    /// <summary>Training sets with fewer rows than this get the narrower minimum hidden width (128).</summary>
    public const int SmallTableRows = 1000;

    /// <summary>
    /// Training sets with at least this many rows get twice the minimum hidden width (512): more rows support more
    /// neurons, and at the same links per neuron a wider sparse layer learns more (sparse layers of 512 at 12.5% reached
    /// the dense MLP on a 26-class table where 256 at 25%, the same links per neuron, stayed a point behind).
    /// </summary>
    public const int LargeTableRows = 10_000;

    /// <summary>Epochs at least, when <see cref="SparseTrainerOptionsBase.NumberOfEpochs"/> is unset.</summary>
    public const int NumberOfEpochs = 10;

    /// <summary>
    /// The nominal budget in optimizer steps when <see cref="SparseTrainerOptionsBase.NumberOfEpochs"/> is unset (at least
    /// <see cref="NumberOfEpochs"/> epochs, at most <see cref="MaximumEpochs"/>): without validation rows it is the run's
    /// length; with validation (the run then ends when the validation loss stops improving) it is the span of the
    /// topology timetable (rounds, ζ and temperature schedules, CHTss decay), which freezes the topology after 75% of it.
    /// </summary>
    public const int MinimumSteps = 10_000;

    /// <summary>Most epochs the automatic rule picks.</summary>
    public const int MaximumEpochs = 500;

    /// <summary>
    /// With validation (the automatic holdout or a ValidationSet) and <see cref="SparseTrainerOptionsBase.NumberOfEpochs"/>
    /// unset, the epochs are only a cap: enough for this many steps (at most <see cref="MaximumEpochs"/>); the validation
    /// loss ends the run.
    /// </summary>
    public const int MaximumSteps = 100_000;

    /// <summary>
    /// Steps of one plateau of <see cref="LearningRateSchedule.ReduceOnPlateau"/> (rounded up to whole epochs, at least
    /// <see cref="MinimumPlateauEpochs"/>): after a plateau without a lower validation loss the learning rate is divided by 5.
    /// </summary>
    public const int PlateauSteps = 300;

    /// <summary>Fewest epochs of one plateau.</summary>
    public const int MinimumPlateauEpochs = 3;

    /// <summary>Plateaus without a lower validation loss before the automatic early stopping ends the run (the best epoch is kept).</summary>
    public const int PlateausBeforeStopping = 3;

    /// <summary>
    /// Topology rounds a run gets at most (before the topology freezes) when <see cref="SparseTopologyOptions.UpdateInterval"/>
    /// is unset: the interval is T_end / 40 steps (at least 1), or longer where <see cref="MaximumTopologyShare"/> asks.
    /// </summary>
    public const int TopologyRounds = 40;

    /// <summary>
    /// Largest share of the training time the automatic round interval lets topology rounds take: the interval is at
    /// least the estimated cost of one round (in steps) divided by this share, so denser and wider layers, whose
    /// Cannistraci-Hebb link prediction costs more, get fewer rounds than <see cref="TopologyRounds"/>.
    /// </summary>
    public const double MaximumTopologyShare = 0.1;

    /// <summary>
    /// Topology rounds a run gets at least when the interval is automatic, even where that takes more than
    /// <see cref="MaximumTopologyShare"/> of the time: a short run of a small network (a few hundred steps) still
    /// evolves its topology instead of training a static mask under an evolving method's name.
    /// </summary>
    public const int MinimumTopologyRounds = 4;

    /// <summary>
    /// Share of the training rows held out when <see cref="SparseTrainerOptionsBase.NumberOfEpochs"/> and
    /// <see cref="SparseTrainerOptionsBase.ValidationSet"/> are both unset (tables of at least
    /// <see cref="AutomaticHoldoutMinimumRows"/> rows; at most <see cref="AutomaticHoldoutMaximumRows"/> rows): a seeded 15%
    /// on which every epoch is scored. Its loss drives the <see cref="LearningRateSchedule.ReduceOnPlateau"/> schedule
    /// and ends the run after <see cref="PlateausBeforeStopping"/> plateaus without improvement, keeping the best epoch;
    /// tables under <see cref="RetrainRows"/> rows are then retrained on every row.
    /// </summary>
    public const double AutomaticHoldoutFraction = 0.15;

    /// <summary>
    /// Tables with fewer rows than this are retrained on every row after the automatic holdout chose the epoch (same
    /// seed, the chosen number of epochs, the holdout run's learning rate of each epoch), so the final model also learns
    /// from the held-out 15%; larger tables keep the holdout run's best epoch.
    /// </summary>
    public const int RetrainRows = 2000;

    /// <summary>Most rows the automatic holdout takes (15% of a large table would be more than choosing the epoch needs).</summary>
    public const int AutomaticHoldoutMaximumRows = 5000;

    /// <summary>Fewest training rows for the automatic holdout (smaller sets train on every row for the fixed budget).</summary>
    public const int AutomaticHoldoutMinimumRows = 100;

    /// <summary>Learning rate of SGD when <see cref="SparseTrainerOptionsBase.LearningRate"/> is unset (the paper's 0.025).</summary>
    public const double LearningRate = 0.025;

    /// <summary>Learning rate of Adam and AdamW (the sparse MLP's default optimizer) when <see cref="SparseTrainerOptionsBase.LearningRate"/> is unset.</summary>
    public const double AdamLearningRate = 0.002;

    /// <summary>
    /// With the automatic learning rate: restarts from scratch after the loss becomes NaN or infinite, each at the
    /// previous rate times <see cref="RestartLearningRateFactor"/>.
    /// </summary>
    public const int DivergenceRestarts = 3;

    /// <summary>Factor applied to the learning rate at each restart after divergence.</summary>
    public const double RestartLearningRateFactor = 0.25;

    /// <summary>
    /// Quantile bins per feature of the piecewise-linear encoding (<see cref="FeatureEncoding.PiecewiseLinear"/>).
    /// Measured with the defaults on three random 75/25 splits: thyroid 98.8% (16 bins), 99.4% (32), 99.4% (64); wine
    /// 98.5%, 99.3%, 97.0%; breast cancer 95.3%, 96.0%, 96.5%; without encoding 97.9%, 97.8%, 95.6%.
    /// </summary>
    public const int PiecewiseLinearBins = 32;

    /// <summary>
    /// Widest table that <see cref="FeatureEncoding.Auto"/> encodes piecewise-linearly (each feature becomes up to
    /// <see cref="PiecewiseLinearBins"/> inputs). Measured: sklearn's digits (64 pixel columns of 8x8 images, which the
    /// homogeneity test of <see cref="FeatureStandardization.Auto"/> does not catch) lost 1.2 points with the encoding
    /// (97.0% → 95.9%, 3 seeds), while the tables it helps have 16-21 features.
    /// </summary>
    public const int MaximumEncodedFeatures = 32;
}
