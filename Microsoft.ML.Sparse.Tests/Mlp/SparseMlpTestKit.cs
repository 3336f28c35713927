// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Samples.Datasets;

namespace Microsoft.ML.Sparse.Tests.Mlp;

/// <summary>Small real data and fast options for the sparse MLP trainer tests.</summary>
internal static class SparseMlpTestKit
{
    private static LabeledVectors? _digits;

    /// <summary>sklearn digits (1,797 rows, 64 features) with pixels scaled to [0, 1].</summary>
    public static LabeledVectors Digits()
    {
        if (_digits is null)
        {
            var raw = SklearnDatasets.Digits();
            _digits = new LabeledVectors(raw.Name, raw.FeatureCount, raw.Features.Select(r => r.Select(v => v / 16f).ToArray()).ToArray(), raw.Labels, raw.ClassNames);
        }
        return _digits;
    }

    /// <summary>Digits as a data view split 80/20 with a fixed seed.</summary>
    public static (IDataView Train, IDataView Test) DigitsSplit(MLContext ml)
    {
        var split = ml.Data.TrainTestSplit(Digits().ToDataView(ml), testFraction: 0.2, seed: 3);
        return (split.TrainSet, split.TestSet);
    }

    /// <summary>
    /// A small MLP (64-64-64-10) at 20% density: a few hundred milliseconds per fit. No input encoding: the tests that use
    /// it count links and neurons on the 64 raw inputs (the encoding has its own tests).
    /// </summary>
    public static SparseMlpOptions FastOptions(SparseTrainingMethod method = SparseTrainingMethod.Chts, int epochs = 4, int seed = 11) => new()
    {
        HiddenLayerSizes = new[] { 64, 64 },
        NumberOfEpochs = epochs,
        BatchSize = 64,
        Optimizer = SparseOptimizer.Sgd,   // the paper's optimizer, which these settings were chosen for (the MLP's default is Adam)
        LearningRate = 0.05,
        LearningRateSchedule = LearningRateSchedule.LinearDecay,
        SparsifyInputLayer = true,         // every hidden layer sparse, as in the paper
        Seed = seed,
        FeatureEncoding = FeatureEncoding.None,
        Topology = new SparseTopologyOptions { Method = method, Density = 0.2, UpdateInterval = 1, UpdateIntervalUnit = UpdateIntervalUnit.Epochs },
    };

    /// <summary>Score vectors of every row.</summary>
    public static float[][] Scores(IDataView scored) => scored.GetColumn<float[]>("Score").ToArray();

    /// <summary>The rows of <paramref name="data"/> as feature arrays.</summary>
    public static float[][] Features(IDataView data) => data.GetColumn<float[]>("Features").ToArray();

    public sealed class FeaturesInput
    {
        [VectorType(64)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    public sealed class MulticlassOutput
    {
        public uint PredictedLabel { get; set; }

        public float[] Score { get; set; } = Array.Empty<float>();
    }
}
