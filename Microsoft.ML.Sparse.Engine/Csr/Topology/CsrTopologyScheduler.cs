// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Core.Kernels;
using Microsoft.ML.Sparse.Engine.Core.Schedules;
using Microsoft.ML.Sparse.Engine.Csr.Initialization;

namespace Microsoft.ML.Sparse.Engine.Csr.Topology;

/// <summary>
/// The managed engine's counterpart of <c>SparseTopologyScheduler</c>: initial topology and weights of the CSR
/// layers, and the CHTs/CHTss/SET/RigL rounds on the calendar (t mod ΔT = 0 and t &lt; T_end), with the same ζ,
/// temperature and CHTss density schedules, early stop per layer and telemetry. All draws come from
/// <see cref="SplitMixRandom"/> streams of the seed, so the topology sequence is identical for a seed.
/// </summary>
internal sealed class CsrTopologyScheduler
{
    private const ulong InitializationStream = 1, RoundStreamBase = 1000;
    private readonly IReadOnlyList<CsrTrainingLayer> _layers;
    private readonly TopologySettings _options;
    private readonly EvolutionPlan _plan;
    private readonly TopologyTimetable _timetable;
    private readonly CsrTopologyRound _round;
    private readonly long _seed;
    private readonly bool[] _stopped;
    private double _currentDensity;
    private int _roundsRun;

    /// <param name="layers">The CSR layers, input first; those with <see cref="CsrTrainingLayer.Evolves"/> are sparse.</param>
    /// <param name="options">Topology options (validated; a copy is kept).</param>
    /// <param name="totalSteps">Optimizer updates of the whole run.</param>
    /// <param name="stepsPerEpoch">Optimizer updates per epoch.</param>
    /// <param name="seed">Seed of every draw.</param>
    /// <param name="threads">Threads for link prediction.</param>
    public CsrTopologyScheduler(IReadOnlyList<CsrTrainingLayer> layers, TopologySettings options, long totalSteps, long stepsPerEpoch, long seed, int threads)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(options);
        _layers = layers;
        _options = options;
        _plan = EvolutionPlan.For(_options);
        _timetable = new TopologyTimetable(_options, _plan, totalSteps, stepsPerEpoch);
        _round = new CsrTopologyRound(_plan, threads);
        _seed = seed;
        _stopped = new bool[layers.Count];
        _currentDensity = _timetable.InitialDensity;
    }

    /// <summary>Optimizer updates counted so far.</summary>
    public long Step { get; private set; }

    /// <summary>Target density of the sparse layers now.</summary>
    public double CurrentTargetDensity => _currentDensity;

    /// <summary>Whether the optimizer update of this step is skipped (option <see cref="TopologySettings.SkipOptimizerStepOnUpdate"/> on a round step).</summary>
    public bool SkipThisOptimizerStep => _options.SkipOptimizerStepOnUpdate && RoundDueAfterThisStep;

    private bool RoundDueAfterThisStep => _plan.Evolves && _timetable.Calendar.IsRoundStep(Step + 1) && _layers.Where((l, i) => l.Evolves && !_stopped[i] && !AlwaysFull(l)).Any();

    /// <summary>
    /// A layer that holds every possible link at a density that never decays has nothing to evolve: a round would only
    /// remove links and regrow the same positions at weight 0.
    /// </summary>
    private bool AlwaysFull(CsrTrainingLayer layer) =>
        _timetable.Density == null && _timetable.Surplus == null && TargetLinkCount.For(layer.Rows, layer.Columns, _currentDensity) >= (long)layer.Rows * layer.Columns;

    /// <summary>
    /// Sets the initial links and weights of every sparse layer (exact link counts; Dense: every link) and the default
    /// initialisation of the layers that stay dense (PyTorch's nn.Linear: U(±1/√in) for weights and biases).
    /// </summary>
    /// <param name="inputCorrelation">[F × F] input correlation for CSTI, else null.</param>
    /// <param name="correlationSize">F.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void InitializeTopology(float[]? inputCorrelation, int correlationSize)
    {
        var random = new SplitMixRandom(_seed, InitializationStream);
        foreach (var layer in _layers)
        {
            int rows = layer.Rows, columns = layer.Columns;
            double bound = 1.0 / Math.Sqrt(columns);
            for (int r = 0; r < rows; r++)
                layer.Bias[r] = (float)((2 * random.NextDouble() - 1) * bound);
            if (!layer.Evolves)
            {
                var full = LinkPattern.Full(rows, columns);
                layer.Replace(full, CsrWeightInit.Values(SparseWeightInitialization.UniformFanIn, rows, columns, full.LinkCount, random), null, null);
                continue;
            }
            var pattern = _plan.UsesMasks
                ? CsrTopologyInitializer.Create(_options.Initialization, rows, columns, TargetLinkCount.For(rows, columns, _currentDensity),
                    _options, inputCorrelation, correlationSize, random)
                : LinkPattern.Full(rows, columns);
            layer.Replace(pattern, CsrWeightInit.Values(_options.WeightInitialization, rows, columns, pattern.LinkCount, random), null, null);
        }
    }

    /// <summary>Counts the step and runs a topology round when one is due (after the optimizer update, or in its place).</summary>
    /// <param name="denseGradient">Dense gradient of layer i for this step (RigL), or null.</param>
    /// <returns>The round's telemetry, or null.</returns>
    public TopologyRoundStats? AfterOptimizerStep(Func<int, float[]>? denseGradient)
    {
        bool due = RoundDueAfterThisStep;
        Step++;
        return due ? RunRound(denseGradient) : null;
    }

    /// <summary>Current per-layer topology, without evolving it.</summary>
    public TopologyRoundStats Snapshot()
    {
        var stats = _layers.Select((l, i) => (l, i)).Where(p => p.l.Evolves).Select(p => LayerStats(p.i, default)).ToList();
        return new TopologyRoundStats(_roundsRun, Step, (double)Step / _timetable.Calendar.StepsPerEpoch, 0, _timetable.Temperature.At(Step), _currentDensity,
            TimeSpan.Zero, TimeSpan.Zero, stats);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private TopologyRoundStats RunRound(Func<int, float[]>? denseGradient)
    {
        var watch = Stopwatch.StartNew();
        var schedule = _timetable.RoundAt(Step, _currentDensity);
        _currentDensity = schedule.Density;
        int n = _layers.Count;
        var evolving = _layers.Select((l, i) => l.Evolves && !_stopped[i] && !AlwaysFull(l)).ToArray();
        var shapes = _layers.Select(l => ((long)l.Rows, (long)l.Columns)).ToArray();
        var random = new SplitMixRandom(_seed, RoundStreamBase + (ulong)_roundsRun);
        var (changes, predictionTime) = _round.Run(_layers, evolving, schedule.TargetLinks(shapes), schedule.Zeta, schedule.Temperature,
            _plan.NeedsGradients ? denseGradient : null, random, schedule.KeepLinks(shapes));
        _roundsRun++;
        var stats = new List<LayerTopologyStats>();
        for (int i = 0; i < n; i++)
        {
            if (!_layers[i].Evolves)
                continue;
            var change = changes[i] ?? default;
            if (changes[i] is { } c && c.StopsEvolution(_options))
                _stopped[i] = true;
            stats.Add(LayerStats(i, change));
        }
        return new TopologyRoundStats(_roundsRun, Step, (double)Step / _timetable.Calendar.StepsPerEpoch, schedule.Zeta, schedule.Temperature,
            _currentDensity, predictionTime, watch.Elapsed, stats);
    }

    private LayerTopologyStats LayerStats(int index, TopologyLayerChange change)
    {
        var layer = _layers[index];
        var all = Enumerable.Repeat(true, layer.LinkCount).ToArray();
        long activeInputs = CsrNeuronPercolation.ColumnActive(layer.Pattern, all).Count(a => a);
        long activeOutputs = CsrNeuronPercolation.RowActive(layer.Pattern, all).Count(a => a);
        return new LayerTopologyStats(layer.Name, layer.Rows, layer.Columns, layer.LinkCount, change.Removed, change.Pruned, change.Percolated,
            change.Regrown, change.Overlap, activeInputs, activeOutputs, _stopped[index]);
    }
}
