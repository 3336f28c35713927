// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Core.Schedules;
using Microsoft.ML.Sparse.Engine.Torch.Initialization;
using Microsoft.ML.Sparse.Engine.Torch.Layers;
using Microsoft.ML.Sparse.Engine.Torch.Optimization;
using Microsoft.ML.Sparse.Engine.Torch.Percolation;
using Microsoft.ML.Sparse.Engine.Torch.Runtime;
using Microsoft.ML.Sparse.Engine.Torch.Sampling;
using Microsoft.ML.Sparse.Engine.Torch.Topology;

namespace Microsoft.ML.Sparse.Engine.Torch;

/// <summary>
/// Drives sparse training of a <see cref="MaskedLayerGraph"/>: initial topology and weights, masking of gradients,
/// weights and optimizer state around every optimizer step, and the topology rounds of CHTs/CHTss/SET/RigL.
/// <para>Use per training step (one call sequence per optimizer update):</para>
/// <code>
/// optimizer.zero_grad();
/// loss.backward();
/// var round = scheduler.StepOptimizer(optimizer);   // mask gradients, step (unless skipped), mask moments and weights, maybe a round
/// </code>
/// All randomness comes from torch generators seeded with the seed, on the layers' device: with the same seed,
/// data order and options the topology sequence is identical (bit-for-bit on CPU).
/// </summary>
internal sealed class SparseTopologyScheduler : IDisposable
{
    private readonly MaskedLayerGraph _network;
    private readonly TopologySettings _options;
    private readonly EvolutionPlan _plan;
    private readonly TopologyTimetable _timetable;
    private readonly SeededGenerators _generators;
    private readonly TopologyRound _round;
    private readonly bool[] _stopped;
    private readonly Dictionary<MaskedLinear, Tensor> _capturedGradients = new();
    private OptimizerStateMasker? _stateMasker;
    private LinkSpaceOptimizer? _links;
    private double _currentDensity;
    private int _roundsRun;
    private bool _initialized;
    private bool _disposed;

    /// <param name="network">Layers and their chains; only <see cref="MaskedLinear.IsSparse"/> layers evolve.</param>
    /// <param name="options">Sparse training options (validated here; a copy is kept).</param>
    /// <param name="totalSteps">Optimizer updates of the whole training run (epochs × steps per epoch).</param>
    /// <param name="stepsPerEpoch">Optimizer updates per epoch.</param>
    /// <param name="seed">Seed of every random draw of the engine.</param>
    public SparseTopologyScheduler(MaskedLayerGraph network, TopologySettings options, long totalSteps, long stepsPerEpoch, long seed)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        _network = network;
        _options = options;
        _plan = EvolutionPlan.For(_options);
        _timetable = new TopologyTimetable(_options, _plan, totalSteps, stepsPerEpoch);
        _generators = new SeededGenerators(seed);
        _round = new TopologyRound(_plan, new NeuronPercolation(network.Chains, network.RowPairs), _generators);
        _stopped = new bool[network.Layers.Count];
        _currentDensity = _timetable.InitialDensity;
    }

    /// <summary>The managed network.</summary>
    public MaskedLayerGraph Network => _network;

    /// <summary>Optimizer updates counted so far.</summary>
    public long Step { get; private set; }

    /// <summary>Topology rounds run so far.</summary>
    public int RoundsRun => _roundsRun;

    /// <summary>When rounds run (ΔT, T_end).</summary>
    internal UpdateCalendar Calendar => _timetable.Calendar;

    /// <summary>Target density of the sparse layers now (CHTss: the schedule's value after the last round; Dense: 1).</summary>
    public double CurrentTargetDensity => _currentDensity;

    /// <summary>Whether the trainer must skip <c>optimizer.step()</c> now (only with <see cref="TopologySettings.SkipOptimizerStepOnUpdate"/> on a round step).</summary>
    public bool SkipThisOptimizerStep => _options.SkipOptimizerStepOnUpdate && RoundDueAfterThisStep;

    private bool RoundDueAfterThisStep => _plan.Evolves && _timetable.Calendar.IsRoundStep(Step + 1) && AnyEvolving();

    /// <summary>
    /// Builds the initial masks (exact link counts; <see cref="SparseTrainingMethod.Dense"/>: all ones) and
    /// re-initialises the weights of the sparse layers. CHTss starts at <see cref="TopologySettings.InitialDensity"/>.
    /// </summary>
    /// <param name="inputCorrelation">[F, F] input-feature correlation, required by <see cref="TopologyInitialization.Correlated"/>
    /// (see <see cref="CorrelatedTopology.PearsonCorrelation"/>).</param>
    public void InitializeTopology(Tensor? inputCorrelation = null)
    {
        ThrowIfDisposed();
        using var scope = NewDisposeScope();
        foreach (var layer in _network.SparseLayers)
        {
            var device = layer.Mask.device;
            var generator = _generators.For(device);
            long rows = layer.OutFeatures, columns = layer.InFeatures;
            Tensor mask = _plan.UsesMasks
                ? TopologyInitializer.Create(_options.Initialization, rows, columns, TargetLinkCount.For(rows, columns, _currentDensity),
                    _options, inputCorrelation, device, generator)
                : ones(new[] { rows, columns }, dtype: ScalarType.Bool, device: device);
            layer.SetMask(mask);
            SparseWeightInit.Apply(layer, _options.WeightInitialization, generator);
        }
        _initialized = true;
    }

    /// <summary>
    /// Lets the scheduler zero the optimizer state (momentum, Adam moments) at masked positions after every step.
    /// The optimizer must be one of TorchSharp's managed optimizers (see <see cref="SparseOptimizers"/>).
    /// </summary>
    public void Attach(optim.Optimizer optimizer, LinkSpaceOptimizer? links = null)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(optimizer);
        _stateMasker = new OptimizerStateMasker(optimizer);
        _links = links;
    }

    /// <summary>
    /// The whole step after <c>backward()</c>, in the order the method needs: <see cref="BeforeOptimizerStep"/> (mask the
    /// gradients, keep the dense gradient before a gradient-regrowth round), <c>optimizer.step()</c> unless
    /// <see cref="SkipThisOptimizerStep"/>, then <see cref="AfterOptimizerStep"/> (mask weights and optimizer state, run
    /// the round when due). Training loops call this; the two halves stay available for tests that inspect a step.
    /// </summary>
    /// <param name="optimizer">The optimizer of the network's parameters (its learning rate already set).</param>
    /// <returns>The round's telemetry, or null when no round ran.</returns>
    public TopologyRoundStats? StepOptimizer(optim.Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        BeforeOptimizerStep();
        if (!SkipThisOptimizerStep)
        {
            optimizer.step();
            _links?.Step();
        }
        return AfterOptimizerStep();
    }

    /// <summary>
    /// Call before the forward pass of a training step: lets each sparse layer compute with the managed CSR kernels where
    /// they pay (<see cref="MaskedLinear.SparseKernelsPay"/>), except on a step whose gradients a RigL round reads (it
    /// needs the dense gradient, which the kernels do not form).
    /// </summary>
    public void SelectKernels()
    {
        ThrowIfDisposed();
        bool denseGradient = _plan.NeedsGradients && RoundDueAfterThisStep;
        foreach (var layer in _network.Layers)
            layer.UseSparseKernels = !denseGradient && _plan.UsesMasks && layer.SparseKernelsPay;
    }

    /// <summary>
    /// Call after <c>backward()</c> and before the optimizer step: zeroes the gradients of masked weights. On a step
    /// after which a gradient-regrowth round runs, first keeps a copy of the dense gradient magnitudes.
    /// </summary>
    public void BeforeOptimizerStep()
    {
        ThrowIfDisposed();
        if (!_plan.UsesMasks)
            return;
        bool capture = _plan.NeedsGradients && RoundDueAfterThisStep;
        for (int i = 0; i < _network.Layers.Count; i++)
        {
            var layer = _network.Layers[i];
            if (!layer.IsSparse)
                continue;
            if (capture && !_stopped[i] && layer.Weight.grad is { } grad)
            {
                using var noGrad = no_grad();
                ReleaseGradient(layer);
                _capturedGradients[layer] = grad.abs().DetachFromDisposeScope();
            }
            if (_links?.Manages(layer) != true)
                layer.MaskGradient();
        }
    }

    /// <summary>
    /// Call after the optimizer step (or in its place when <see cref="SkipThisOptimizerStep"/>): masks optimizer state
    /// and weights, counts the step, and runs a topology round when one is due (t mod ΔT = 0 and t &lt; T_end).
    /// </summary>
    /// <returns>The round's telemetry, or null when no round ran.</returns>
    public TopologyRoundStats? AfterOptimizerStep()
    {
        ThrowIfDisposed();
        if (!_initialized)
            throw new InvalidOperationException("Call InitializeTopology before training.");
        if (_plan.UsesMasks)
            MaskWeightsAndState();
        bool due = RoundDueAfterThisStep;
        Step++;
        if (!due)
            return null;
        try
        {
            return RunRound();
        }
        finally
        {
            ReleaseGradients();
        }
    }

    /// <summary>Current per-layer topology, without evolving it.</summary>
    public TopologyRoundStats Snapshot()
    {
        ThrowIfDisposed();
        var layers = new List<LayerTopologyStats>();
        for (int i = 0; i < _network.Layers.Count; i++)
            if (_network.Layers[i].IsSparse)
                layers.Add(LayerStats(i, default));
        return new TopologyRoundStats(_roundsRun, Step, (double)Step / _timetable.Calendar.StepsPerEpoch, 0, _timetable.Temperature.At(Step), _currentDensity,
            TimeSpan.Zero, TimeSpan.Zero, layers);
    }

    private TopologyRoundStats RunRound()
    {
        var watch = Stopwatch.StartNew();
        var layers = _network.Layers;
        var schedule = _timetable.RoundAt(Step, _currentDensity);
        _currentDensity = schedule.Density;
        var evolving = layers.Select((l, i) => l.IsSparse && !_stopped[i]).ToArray();
        var shapes = layers.Select(l => (l.OutFeatures, l.InFeatures)).ToArray();
        var (changes, predictionTime) = _round.Run(layers, evolving, schedule.TargetLinks(shapes), schedule.Zeta, schedule.Temperature,
            _capturedGradients, schedule.KeepLinks(shapes));
        if (_stateMasker != null)
            for (int i = 0; i < layers.Count; i++)
                if (evolving[i])
                    _stateMasker.Mask(layers[i].Weight, layers[i].MaskValues);
        _links?.FollowMasks();

        _roundsRun++;
        var stats = new List<LayerTopologyStats>();
        for (int i = 0; i < layers.Count; i++)
        {
            if (!layers[i].IsSparse)
                continue;
            var change = changes[i] ?? default;
            if (changes[i] is { } c && c.StopsEvolution(_options))
                _stopped[i] = true;
            stats.Add(LayerStats(i, change));
        }
        if (layers[0].Mask.device.type == TorchSharp.DeviceType.CUDA)
            cuda.synchronize(layers[0].Mask.device);
        else
            Runtime.NativeHeap.ReleaseFreedMemory(); // the round's large CPU temporaries are freed by now
        return new TopologyRoundStats(_roundsRun, Step, (double)Step / _timetable.Calendar.StepsPerEpoch, schedule.Zeta, schedule.Temperature,
            _currentDensity, predictionTime, watch.Elapsed, stats);
    }

    private LayerTopologyStats LayerStats(int index, TopologyLayerChange change)
    {
        var layer = _network.Layers[index];
        using var scope = NewDisposeScope();
        var mask = layer.Mask;
        long links = MaskOps.Count(mask);
        long activeInputs = mask.any(dim: 0).sum().ToInt64();
        long activeOutputs = mask.any(dim: 1).sum().ToInt64();
        return new LayerTopologyStats(layer.GetName(), layer.OutFeatures, layer.InFeatures, links, change.Removed, change.Pruned, change.Percolated,
            change.Regrown, change.Overlap, activeInputs, activeOutputs, _stopped[index]);
    }

    private void MaskWeightsAndState()
    {
        foreach (var layer in _network.SparseLayers)
        {
            if (_links?.Manages(layer) == true)
                continue; // updated on its links only: masked-out weights and state do not exist there
            _stateMasker?.Mask(layer.Weight, layer.MaskValues);
            layer.ApplyMask();
        }
    }

    private bool AnyEvolving()
    {
        for (int i = 0; i < _network.Layers.Count; i++)
            if (_network.Layers[i].IsSparse && !_stopped[i])
                return true;
        return false;
    }

    private void ReleaseGradient(MaskedLinear layer)
    {
        if (_capturedGradients.Remove(layer, out var old))
            old.Dispose();
    }

    private void ReleaseGradients()
    {
        foreach (var g in _capturedGradients.Values)
            g.Dispose();
        _capturedGradients.Clear();
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        ReleaseGradients();
        _generators.Dispose();
    }
}
