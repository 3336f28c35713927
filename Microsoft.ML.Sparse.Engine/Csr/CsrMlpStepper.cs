// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;
using Microsoft.ML.Sparse.Engine.Core.Training;
using Microsoft.ML.Sparse.Engine.Csr.Topology;

namespace Microsoft.ML.Sparse.Engine.Csr;

/// <summary>
/// The managed CPU backend of <see cref="SparseTrainingLoop"/> for MLPs: truly sparse CSR layers
/// (<see cref="CsrMlp"/>), the <see cref="LinkOptimizer"/> and the <see cref="CsrTopologyScheduler"/>. A training
/// step costs time in proportion to the links, not to rows·columns, and never loads libtorch.
/// </summary>
internal sealed class CsrMlpStepper : ITrainingStepper
{
    private readonly CsrMlp _network;
    private readonly ICsrRowBlocks? _blocks;
    private CsrRows _train;
    private readonly CsrRows? _validation;
    private readonly LinkOptimizer _optimizer;
    private readonly CsrTopologyScheduler _scheduler;
    private readonly float[]? _inputCorrelation;
    private readonly int _correlationSize;

    /// <param name="network">The MLP (disposed with the stepper); its kernel threads are also the optimizer's.</param>
    /// <param name="train">Training rows.</param>
    /// <param name="validation">Validation rows, or null.</param>
    /// <param name="settings">Optimizer, topology options, seed, threads of the topology rounds (null: one per core).</param>
    /// <param name="inputCorrelation">[F × F] input correlation for CSTI, else null.</param>
    public CsrMlpStepper(CsrMlp network, CsrRows train, CsrRows? validation, TrainingSettings settings, float[]? inputCorrelation)
        : this(network, train ?? throw new ArgumentNullException(nameof(train)), null, validation, settings, inputCorrelation)
    {
    }

    /// <summary>A stepper that streams its training rows in bounded blocks (no input correlation: CSTI needs every row).</summary>
    /// <param name="network">The MLP (disposed with the stepper).</param>
    /// <param name="blocks">The training rows, one block at a time; every block but the last should hold a whole number of batches.</param>
    /// <param name="validation">Validation rows, or null.</param>
    /// <param name="settings">Optimizer, topology options, seed, threads.</param>
    public CsrMlpStepper(CsrMlp network, ICsrRowBlocks blocks, CsrRows? validation, TrainingSettings settings)
        : this(network, null, blocks ?? throw new ArgumentNullException(nameof(blocks)), validation, settings, null)
    {
    }

    private CsrMlpStepper(CsrMlp network, CsrRows? train, ICsrRowBlocks? blocks, CsrRows? validation, TrainingSettings settings, float[]? inputCorrelation)
    {
        _network = network ?? throw new ArgumentNullException(nameof(network));
        ArgumentNullException.ThrowIfNull(settings);
        _blocks = blocks;
        _train = train ?? EmptyRows(blocks!.FeatureCount);
        _validation = validation;
        _optimizer = new LinkOptimizer(settings.Optimizer, settings.Momentum, settings.WeightDecay, settings.AdamBeta1, settings.AdamBeta2, network.Workers);
        long stepsPerEpoch = (TrainingRows + (long)settings.BatchSize - 1) / settings.BatchSize;
        int threads = settings.Threads ?? Environment.ProcessorCount;
        _scheduler = new CsrTopologyScheduler(network.Layers, settings.Topology, settings.TopologySteps ?? stepsPerEpoch * settings.Epochs, stepsPerEpoch, settings.Seed, threads);
        _inputCorrelation = inputCorrelation;
        _correlationSize = _train.FeatureCount;
    }

    public int TrainingRows => _blocks?.RowCount ?? _train.Rows;

    public IEnumerable<int> EpochBlocks(int epoch)
    {
        if (_blocks is null)
        {
            yield return _train.Rows;
            yield break;
        }
        foreach (var block in _blocks.Blocks(epoch))
        {
            _train = block;
            yield return block.Rows;
        }
    }

    private static CsrRows EmptyRows(int featureCount) => new(Array.Empty<float>(), 0, featureCount, Array.Empty<int>(), null);

    public bool HasValidation => _validation != null;

    public long Step => _scheduler.Step;

    public double CurrentTargetDensity => _scheduler.CurrentTargetDensity;

    public void Initialize() => _scheduler.InitializeTopology(_inputCorrelation, _correlationSize);

    public float TrainBatch(long[] rows, double learningRate, out TopologyRoundStats? round)
    {
        round = null;
        float loss = _network.ForwardBackward(_train, rows);
        if (!float.IsFinite(loss))
            return loss;
        if (!_scheduler.SkipThisOptimizerStep)
            _optimizer.Step(_network.Layers, learningRate);
        round = _scheduler.AfterOptimizerStep(_network.DenseGradient);
        return loss;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string? FindNonFiniteParameter()
    {
        foreach (var layer in _network.Layers)
        {
            if (!AllFinite(layer.Values))
                return $"layer '{layer.Name}' has a non-finite weight";
            if (!AllFinite(layer.Bias))
                return $"layer '{layer.Name}' has a non-finite bias";
        }
        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool AllFinite(float[] values)
    {
        foreach (float v in values)
            if (!float.IsFinite(v))
                return false;
        return true;
    }

    public void SetTraining(bool training)
    {
        // Dropout is applied only by ForwardBackward; evaluation never drops.
    }

    public ValidationResult Validate() => _network.Evaluate(_validation ?? throw new InvalidOperationException("No validation data."));

    public IDisposable CaptureModel() => new Snapshot(_network.Layers.Select(l => l.Clone()).ToArray());

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void RestoreModel(IDisposable snapshot)
    {
        var saved = ((Snapshot)snapshot).Layers;
        for (int i = 0; i < saved.Length; i++)
            _network.Layers[i].CopyFrom(saved[i]);
    }

    public void Dispose() => _network.Dispose();

    private sealed record Snapshot(CsrTrainingLayer[] Layers) : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
