// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using BenchmarkDotNet.Attributes;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Core.Training;
using Microsoft.ML.Sparse.Engine.Csr;
using Microsoft.ML.Sparse.Engine.Networks;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse.MicroBenchmarks;

/// <summary>
/// One mini-batch step (forward, backward, SGD with momentum and weight decay) of the managed CSR engine on the paper's
/// 784-1568-1568-1568-10 MLP at 1% (CHTs initialisation, sparse input and hidden layers, dense head), batches of 32
/// rows of random data, on 1 and 2 threads; built as tools/Benchmarks/SparseEngineRunners.cs builds it. The settings
/// describe one epoch, so no topology round falls inside the timed steps. Interleaved 1-vs-N-thread comparisons with a
/// bit-for-bit weight check stay in tools/Benchmarks/StepThreadsBenchmark.cs.
/// </summary>
[MemoryDiagnoser]
public class TrainingStepBenchmarks
{
    private const int BatchSize = 32;
    private const int Rows = 4096;
    private static readonly int[] Hidden = { 1568, 1568, 1568 };

    private CsrMlpStepper? _stepper;
    private long[][] _batches = [];
    private int _next;

    /// <summary>Threads the kernels split rows and links among.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Builds and initialises the network and a shuffled list of batches.</summary>
    [GlobalSetup]
    public void SetUp()
    {
        var random = new Random(3);
        var features = new float[Rows * SyntheticImages.Pixels];
        for (int i = 0; i < features.Length; i++)
            features[i] = (float)(random.NextDouble() * 2 - 1);
        var classes = Enumerable.Range(0, Rows).Select(_ => random.Next(SyntheticImages.Classes)).ToArray();
        var rows = new CsrRows(features, Rows, SyntheticImages.Pixels, classes, null);
        var settings = new TrainingSettings
        {
            Epochs = 1,
            BatchSize = BatchSize,
            LearningRate = 0.025,
            Momentum = 0.9,
            WeightDecay = 5e-4,
            Seed = 1,
            Topology = new SparseTopologyOptions { Method = SparseTrainingMethod.Chts, Density = 0.01 }.ToEngine(),
        };
        var layers = CsrMlpTraining.CreateLayers(SyntheticImages.Pixels, Hidden, SyntheticImages.Classes, sparseInputLayer: true, sparseOutputLayer: false);
        var network = new CsrMlp(layers, MlpLoss.CrossEntropy, 0, BatchSize, seed: 1, Threads);
        _stepper = new CsrMlpStepper(network, rows, null, settings, null);
        _stepper.Initialize();
        var order = Enumerable.Range(0, Rows).Select(i => (long)i).ToArray();
        new SplitMixRandom(7).Shuffle(order.AsSpan());
        _batches = order.Chunk(BatchSize).ToArray();
        _next = 0;
    }

    /// <summary>One training step on the next batch; returns its loss.</summary>
    [Benchmark]
    public float CsrTrainingStep()
    {
        float loss = _stepper!.TrainBatch(_batches[_next], 0.025, out _);
        _next = (_next + 1) % _batches.Length;
        return loss;
    }

    /// <summary>Releases the network.</summary>
    [GlobalCleanup]
    public void CleanUp() => _stepper?.Dispose();
}
