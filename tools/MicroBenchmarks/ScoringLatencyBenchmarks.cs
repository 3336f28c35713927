// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using BenchmarkDotNet.Attributes;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse.MicroBenchmarks;

/// <summary>
/// Single-row latency of <c>PredictionEngine.Predict</c> on the paper's 784-1568-1568-1568-10 MLP: CHTs at 1% and 10%
/// (sparse input and hidden layers, dense head) against the same shape trained dense. Each model is trained once in
/// its [GlobalSetup] (one epoch over 2,048 rows of <see cref="SyntheticImages"/>, a few seconds); the timed call scores
/// the next of 256 held rows into a reused output object, as a serving loop does.
/// </summary>
[MemoryDiagnoser]
public class ScoringLatencyBenchmarks
{
    private static readonly int[] Hidden = { 1568, 1568, 1568 };
    private const int TrainingRows = 2048;
    private const int ScoredRows = 256;

    private PredictionEngine<SyntheticImage, ClassScores>? _engine;
    private SyntheticImage[] _rows = [];
    private ClassScores _scores = new();
    private int _next;

    /// <summary>Trains the 1% model.</summary>
    [GlobalSetup(Target = nameof(PredictSparse1Percent))]
    public void SetUpSparse1Percent() => SetUp(SparseTrainingMethod.Chts, 0.01);

    /// <summary>Trains the 10% model.</summary>
    [GlobalSetup(Target = nameof(PredictSparse10Percent))]
    public void SetUpSparse10Percent() => SetUp(SparseTrainingMethod.Chts, 0.1);

    /// <summary>Trains the dense model.</summary>
    [GlobalSetup(Target = nameof(PredictDense))]
    public void SetUpDense() => SetUp(SparseTrainingMethod.Dense, 1);

    /// <summary>PredictionEngine on the CHTs model at 1% density.</summary>
    [Benchmark]
    public float PredictSparse1Percent() => PredictNext();

    /// <summary>PredictionEngine on the CHTs model at 10% density.</summary>
    [Benchmark]
    public float PredictSparse10Percent() => PredictNext();

    /// <summary>PredictionEngine on the dense model (the baseline).</summary>
    [Benchmark(Baseline = true)]
    public float PredictDense() => PredictNext();

    /// <summary>Releases the prediction engine.</summary>
    [GlobalCleanup]
    public void CleanUp() => _engine?.Dispose();

    private float PredictNext()
    {
        _engine!.Predict(_rows[_next], ref _scores);
        _next = (_next + 1) % _rows.Length;
        return _scores.Score[0];
    }

    private void SetUp(SparseTrainingMethod method, double density)
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(TrainingRows, seed: 1));
        var options = new SparseMlpOptions
        {
            HiddenLayerSizes = Hidden,
            NumberOfEpochs = 1,
            SparsifyInputLayer = true,
            FeatureStandardization = FeatureStandardization.Global,
            Topology = new SparseTopologyOptions { Method = method, Density = density },
            Seed = 1,
        };
        var model = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.SparseMlp(options))
            .Fit(train);
        _engine = ml.Model.CreatePredictionEngine<SyntheticImage, ClassScores>(model.LastTransformer);
        _rows = Rows(ScoredRows, seed: 2);
        _scores = new ClassScores();
        _next = 0;
    }

    private static SyntheticImage[] Rows(int count, int seed)
    {
        var (features, labels) = SyntheticImages.Create(count, seed);
        return Enumerable.Range(0, count).Select(r => new SyntheticImage
        {
            Features = features.AsSpan(r * SyntheticImages.Pixels, SyntheticImages.Pixels).ToArray(),
            Label = "c" + labels[r],
        }).ToArray();
    }
}
