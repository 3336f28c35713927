// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Core.Training;

namespace Microsoft.ML.Sparse.Trainers;

/// <summary>
/// The one place where the public options become the engine's own settings (<see cref="TopologySettings"/>,
/// <see cref="TrainingSettings"/>): validated, copied and with defaults resolved, so the engine never reads the public
/// options classes.
/// </summary>
internal static class EngineSettings
{
    /// <summary>The engine's copy of <paramref name="options"/> (validated first).</summary>
    /// <exception cref="ArgumentException">An option is out of range or inconsistent.</exception>
    public static TopologySettings ToEngine(this SparseTopologyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new TopologySettings
        {
            Method = options.Method,
            Density = options.EffectiveDensity,
            InitialDensity = options.InitialDensity,
            Zeta = options.Zeta,
            CosineZetaDecay = options.CosineZetaDecay,
            UpdateInterval = options.EffectiveUpdateInterval,
            UpdateIntervalUnit = options.UpdateIntervalUnit,
            TopologyEndFraction = options.TopologyEndFraction,
            Removal = options.Removal,
            StartTemperature = options.StartTemperature,
            EndTemperature = options.EndTemperature,
            Predictor = options.Predictor,
            Regrowth = options.Regrowth,
            Initialization = options.Initialization,
            BrfRandomness = options.BrfRandomness,
            BrfDegrees = options.BrfDegrees,
            BswBeta = options.BswBeta,
            WeightInitialization = options.WeightInitialization,
            Percolation = options.Percolation,
            EarlyStop = options.EarlyStop,
            EarlyStopOverlap = options.EarlyStopOverlap,
            SigmoidSteepness = options.SigmoidSteepness,
            DensityDecayEndFraction = options.DensityDecayEndFraction,
            DensitySurplus = options.DensitySurplus,
            SkipOptimizerStepOnUpdate = options.SkipOptimizerStepOnUpdate,
        };
    }

    /// <summary>The engine's training settings for a trainer's options (topology included).</summary>
    public static TrainingSettings ToEngine(this SparseTrainerOptionsBase options, long seed, int modelDim, Action<string>? log) => new()
    {
        Epochs = options.NumberOfEpochs ?? SparseMlpDefaults.NumberOfEpochs,
        BatchSize = options.BatchSize,
        Optimizer = options.Optimizer,
        LearningRate = options.LearningRate ?? SparseMlpDefaults.LearningRate,
        Schedule = options.LearningRateSchedule == LearningRateSchedule.Auto ? LearningRateSchedule.LinearDecay : options.LearningRateSchedule,
        FinalLearningRateFactor = options.FinalLearningRateFactor,
        LearningRateDecayFraction = options.LearningRateDecayFraction,
        WarmupSteps = options.WarmupSteps,
        WarmRestartSteps = options.WarmRestartSteps,
        ModelDim = Math.Max(1, modelDim),
        Momentum = options.Momentum,
        WeightDecay = options.WeightDecay,
        AdamBeta1 = options.AdamBeta1,
        AdamBeta2 = options.AdamBeta2,
        Topology = options.Topology.ToEngine(),
        Seed = seed,
        EarlyStoppingPatience = options.EarlyStoppingPatience,
        ProgressInterval = options.ProgressInterval,
        Threads = options.NumberOfThreads,
        Progress = options.Progress,
        Log = log,
        Cancellation = options.CancellationToken,
    };
}
