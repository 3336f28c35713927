// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Mlp;
using Microsoft.ML.Sparse.Trainers;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Core.Training;
using Microsoft.ML.Sparse.Engine.Csr;
using Microsoft.ML.Sparse.Engine.Csr.Topology;
using Microsoft.ML.Sparse.Engine.Networks;
using Microsoft.ML.Sparse.Engine.Torch.Training;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// The three training paths the sparse-engine benchmark compares, built exactly as the MLP trainer builds them: the
/// managed CSR engine, the TorchSharp masked path, and TorchSharp dense. Each is an <see cref="ITrainingStepper"/>.
/// </summary>
internal static class SparseEngineRunners
{
    public const int BatchSize = 32;

    /// <summary>Settings of one epoch (no topology round falls inside the timed steps).</summary>
    public static TrainingSettings Settings(SparseTrainingMethod method, double density) => new()
    {
        Epochs = 1,
        BatchSize = BatchSize,
        LearningRate = 0.025,
        Momentum = 0.9,
        WeightDecay = 5e-4,
        Seed = 1,
        Topology = new SparseTopologyOptions { Method = method, Density = density }.ToEngine(),
    };

    /// <summary>The managed engine's MLP and stepper (initialised), its steps on <paramref name="threads"/> threads.</summary>
    public static (CsrMlp Network, CsrMlpStepper Stepper) Managed(CsrRows rows, int[] hidden, int outputs, double density, int threads = 1)
    {
        var settings = Settings(SparseTrainingMethod.Chts, density);
        var layers = CsrMlpTraining.CreateLayers(rows.FeatureCount, hidden, outputs, sparseInputLayer: true, sparseOutputLayer: false);
        var network = new CsrMlp(layers, MlpLoss.CrossEntropy, 0, BatchSize, seed: 1, threads);
        var stepper = new CsrMlpStepper(network, rows, null, settings, null);
        stepper.Initialize();
        return (network, stepper);
    }

    /// <summary>The TorchSharp stepper (masked for a sparse method, plain for Dense), initialised; dispose the returned network.</summary>
    public static (SparseMlpNetwork Network, MlpRows Rows, TorchTrainingStepper Stepper) Torch(CsrRows rows, int[] hidden, int outputs,
        SparseTrainingMethod method, double density)
    {
        var network = new SparseMlpNetwork(rows.FeatureCount, hidden, outputs, false, 0, CPU);
        var data = new MlpRows(rows.Features, rows.Rows, rows.FeatureCount, rows.Classes, null, CPU);
        var settings = Settings(method, density);
        var stepper = new TorchTrainingStepper(network, network.CreateTopology(), new MlpObjective(network, data, null, MlpLoss.CrossEntropy), settings, null);
        stepper.Initialize();
        return (network, data, stepper);
    }

    /// <summary>Milliseconds per step over <paramref name="steps"/> consecutive batches starting at batch <paramref name="first"/>.</summary>
    public static double TimeSteps(ITrainingStepper stepper, long[] order, int first, int steps)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (int s = 0; s < steps; s++)
        {
            int start = ((first + s) * BatchSize) % (order.Length - BatchSize);
            stepper.TrainBatch(order.AsSpan(start, BatchSize).ToArray(), 0.025, out _);
        }
        return watch.Elapsed.TotalMilliseconds / steps;
    }

    /// <summary>One CHTs round (paper defaults) on the managed layers; returns (round ms, link-prediction ms).</summary>
    public static (double RoundMs, double PredictionMs) TimeRound(CsrMlp network, int threads, int seed)
    {
        var plan = EvolutionPlan.For(new SparseTopologyOptions().ToEngine());
        var layers = network.Layers;
        var targets = layers.Select(l => (long)l.LinkCount).ToArray();
        var evolving = layers.Select(l => l.Evolves).ToArray();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (_, prediction) = new CsrTopologyRound(plan, threads).Run(layers, evolving, targets, 0.3, 1, null, new SplitMixRandom(seed));
        return (watch.Elapsed.TotalMilliseconds, prediction.TotalMilliseconds);
    }
}
