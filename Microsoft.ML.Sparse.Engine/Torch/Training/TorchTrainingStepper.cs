// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core.Training;
using Microsoft.ML.Sparse.Engine.Torch.Layers;
using Microsoft.ML.Sparse.Engine.Torch.Optimization;
using Microsoft.ML.Sparse.Engine.Torch.Runtime;

namespace Microsoft.ML.Sparse.Engine.Torch.Training;

/// <summary>
/// The TorchSharp backend of <see cref="SparseTrainingLoop"/>: masked dense layers (<see cref="Layers.MaskedLinear"/>),
/// a TorchSharp optimizer with masked state, and the <see cref="SparseTopologyScheduler"/>. Runs on CPU or CUDA;
/// used by the Transformer trainers, by dense baselines and by MLPs on CUDA.
/// </summary>
internal sealed class TorchTrainingStepper : ITrainingStepper
{
    /// <summary>A training loop over a TorchSharp model: this stepper inside a <see cref="SparseTrainingLoop"/>.</summary>
    /// <param name="module">The whole model (all its parameters are optimised).</param>
    /// <param name="network">Its masked layers and percolation structure.</param>
    /// <param name="objective">Batch loss and validation.</param>
    /// <param name="settings">Epochs, optimizer, schedules, topology options, seed, progress.</param>
    /// <param name="inputCorrelation">Input-feature correlation for CSTI initialisation, else null.</param>
    public static SparseTrainingLoop NewLoop(nn.Module module, MaskedLayerGraph network, ITrainingObjective objective, TrainingSettings settings, Tensor? inputCorrelation = null)
        => new(new TorchTrainingStepper(module, network, objective, settings, inputCorrelation), settings);

    // glibc does not reuse the per-step temporaries' freed memory well once topology rounds have reshaped the heap:
    // without a periodic trim the resident size grew by ~10 MB per step of a 784-1568x3 MLP (see NativeHeap).
    private const int HeapTrimInterval = 25;

    private readonly nn.Module _module;
    private readonly MaskedLayerGraph _network;
    private readonly ITrainingObjective _objective;
    private readonly TrainingSettings _settings;
    private readonly Tensor? _inputCorrelation;
    private readonly int _previousThreads;
    private readonly bool _onCpu;
    private SparseTopologyScheduler? _scheduler;
    private optim.Optimizer? _optimizer;
    private LinkSpaceOptimizer? _links;

    /// <param name="module">The whole model (all its parameters are optimised).</param>
    /// <param name="network">Its masked layers and percolation structure.</param>
    /// <param name="objective">Batch loss and validation.</param>
    /// <param name="settings">Optimizer, topology options, seed, threads.</param>
    /// <param name="inputCorrelation">Input-feature correlation for CSTI initialisation, else null.</param>
    public TorchTrainingStepper(nn.Module module, MaskedLayerGraph network, ITrainingObjective objective, TrainingSettings settings, Tensor? inputCorrelation)
    {
        _module = module ?? throw new ArgumentNullException(nameof(module));
        _network = network ?? throw new ArgumentNullException(nameof(network));
        _objective = objective ?? throw new ArgumentNullException(nameof(objective));
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _inputCorrelation = inputCorrelation;
        _previousThreads = torch.get_num_threads();
        _onCpu = network.Layers[0].Weight.device_type == DeviceType.CPU;
    }

    public int TrainingRows => _objective.TrainingRows;

    public bool HasValidation => _objective.HasValidation;

    public long Step => Scheduler.Step;

    public double CurrentTargetDensity => Scheduler.CurrentTargetDensity;

    private SparseTopologyScheduler Scheduler => _scheduler ?? throw new InvalidOperationException("Call Initialize first.");

    public void Initialize()
    {
        var s = _settings;
        if (s.Threads is { } threads)
            torch.set_num_threads(threads);
        long stepsPerEpoch = (TrainingRows + (long)s.BatchSize - 1) / s.BatchSize;
        _scheduler = new SparseTopologyScheduler(_network, s.Topology, s.TopologySteps ?? stepsPerEpoch * s.Epochs, stepsPerEpoch, s.Seed);
        _scheduler.InitializeTopology(_inputCorrelation);
        // The sparse layers' weights are updated on their links only (LinkSpaceOptimizer); everything else densely.
        var sparse = s.Topology.Method != SparseTrainingMethod.Dense ? _network.SparseLayers.ToList() : new List<MaskedLinear>();
        var linkWeights = sparse.Select(layer => layer.Weight.Handle).ToHashSet();
        var parameters = _module.parameters().Where(p => !linkWeights.Contains(p.Handle)).ToList();
        if (sparse.Count > 0)
            _links = new LinkSpaceOptimizer(sparse, s.Optimizer, s.LearningRate, s.Momentum, s.AdamBeta1, s.AdamBeta2, s.WeightDecay);
        _optimizer = s.Optimizer switch
        {
            SparseOptimizer.Sgd => SparseOptimizers.CreateSgd(parameters, s.LearningRate, s.Momentum, s.WeightDecay),
            SparseOptimizer.Adam => SparseOptimizers.CreateAdam(parameters, s.LearningRate, s.AdamBeta1, s.AdamBeta2, weightDecay: s.WeightDecay),
            _ => SparseOptimizers.CreateAdam(parameters, s.LearningRate, s.AdamBeta1, s.AdamBeta2, weightDecay: s.WeightDecay, decoupledWeightDecay: true),
        };
        if (s.Topology.Method != SparseTrainingMethod.Dense)
            _scheduler.Attach(_optimizer, _links);
        _module.train();
    }

    public float TrainBatch(long[] rows, double learningRate, out TopologyRoundStats? round)
    {
        var optimizer = _optimizer ?? throw new InvalidOperationException("Call Initialize first.");
        var scheduler = Scheduler;
        round = null;
        float lossValue;
        using (NewDisposeScope())
        {
            optimizer.zero_grad();
            _links?.ZeroGrad();
            scheduler.SelectKernels();
            var loss = _objective.BatchLoss(rows);
            loss.backward();
            lossValue = loss.detach().cpu().item<float>();
            if (!float.IsFinite(lossValue))
                return lossValue;
            SparseOptimizers.SetLearningRate(optimizer, learningRate);
            if (_links is not null)
                _links.LearningRate = learningRate;
            round = scheduler.StepOptimizer(optimizer);
        }
        if (_onCpu && scheduler.Step % HeapTrimInterval == 0)
            NativeHeap.ReleaseFreedMemory();
        return lossValue;
    }

    public string? FindNonFiniteParameter()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        foreach (var layer in _network.Layers)
        {
            // Only the links count: a masked-out weight is never read.
            if (!isfinite(layer.Weight).logical_or(layer.Mask.logical_not()).all().ToBoolean())
                return $"layer '{layer.GetName()}' has a non-finite weight";
            if (layer.Bias is { } bias && !isfinite(bias).all().ToBoolean())
                return $"layer '{layer.GetName()}' has a non-finite bias";
        }
        return null;
    }

    public void SetTraining(bool training)
    {
        if (training)
            _module.train();
        else
            _module.eval();
    }

    public ValidationResult Validate()
    {
        using (NewDisposeScope())
        using (no_grad())
            return _objective.Validate();
    }

    public IDisposable CaptureModel() => ModelSnapshot.Capture(_module);

    public void RestoreModel(IDisposable snapshot) => ((ModelSnapshot)snapshot).Restore(_module);

    public void Dispose()
    {
        _optimizer?.Dispose();
        _links?.Dispose();
        _scheduler?.Dispose();
        if (_settings.Threads is not null)
            torch.set_num_threads(_previousThreads);
    }
}
