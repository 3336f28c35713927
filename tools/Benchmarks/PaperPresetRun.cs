// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// One paper-preset run as stored in runs/*.json. Fields added later are optional so older runs still load: Predictor (null:
/// CH2L3n, the only predictor then), Anp (share of hidden neurons with in- and out-links after training; null: not recorded),
/// TrainRows (null: the whole training set), DensitySurplus (null: none, the layers stay at 1%).
/// </summary>
internal sealed record PaperPresetRun(string Name, string Dataset, string Method, string Init, bool SkipStepOnRound, int Epochs, int Seed,
    double FinalAccuracy, double BestAccuracy, int BestEpoch, double FinalTrainingLoss, double TrainingSeconds, double TopologySeconds, string Engine,
    long ActiveLinks, double[] TestAccuracyPerEpoch, string DateUtc, string Cpu, int Hidden = 1568, string? Removal = null,
    string? Predictor = null, double? Anp = null, int? TrainRows = null, double? DensitySurplus = null);
