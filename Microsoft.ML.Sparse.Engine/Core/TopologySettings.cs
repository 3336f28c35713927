// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Core;

/// <summary>
/// The engine's own, immutable copy of the topology settings: what the schedulers, the timetable and the initialisers
/// read. The trainers map the public <c>SparseTopologyOptions</c> into it once, validated and with every
/// data-derived value resolved (<c>Trainers/Common/EngineSettings</c>), so the engine does not depend on the public options
/// class and nothing the user changes later can reach a running training.
/// </summary>
internal sealed record TopologySettings
{
    public SparseTrainingMethod Method { get; init; } = SparseTrainingMethod.Chts;

    /// <summary>Final (target) density of every sparse layer, in (0, 1].</summary>
    public double Density { get; init; } = 0.01;

    /// <summary>CHTss start density.</summary>
    public double InitialDensity { get; init; } = 0.5;

    public double Zeta { get; init; } = 0.3;
    public bool CosineZetaDecay { get; init; } = true;

    /// <summary>Steps or epochs (<see cref="UpdateIntervalUnit"/>) between topology rounds, ≥ 1.</summary>
    public int UpdateInterval { get; init; } = 1;

    public UpdateIntervalUnit UpdateIntervalUnit { get; init; } = UpdateIntervalUnit.Epochs;
    public double TopologyEndFraction { get; init; } = 0.75;
    public LinkRemoval Removal { get; init; } = LinkRemoval.WeightMagnitudeSoft;
    public double StartTemperature { get; init; } = 1;
    public double EndTemperature { get; init; } = 3;
    public LinkPredictor Predictor { get; init; } = LinkPredictor.CH2L3n;
    public RegrowthSelection Regrowth { get; init; } = RegrowthSelection.Soft;
    public TopologyInitialization Initialization { get; init; } = TopologyInitialization.BipartiteReceptiveField;
    public double BrfRandomness { get; init; } = 0.25;
    public BrfDegreeDistribution BrfDegrees { get; init; } = BrfDegreeDistribution.Fixed;
    public double BswBeta { get; init; } = 0.25;
    public SparseWeightInitialization WeightInitialization { get; init; } = SparseWeightInitialization.SwiFanIn;
    public bool Percolation { get; init; } = true;
    public bool EarlyStop { get; init; }
    public double EarlyStopOverlap { get; init; } = 0.9;
    public double SigmoidSteepness { get; init; } = 6;
    public double DensityDecayEndFraction { get; init; } = 0.5;
    public double DensitySurplus { get; init; }
    public bool SkipOptimizerStepOnUpdate { get; init; }
}
