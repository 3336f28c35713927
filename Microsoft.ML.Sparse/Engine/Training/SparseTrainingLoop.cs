using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.Sparse.Engine.Optimization;
using Microsoft.ML.Sparse.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Training;

/// <summary>
/// Mini-batch training of a masked network with the topology engine: seeded batch order, optimizer with masked
/// state, learning-rate schedule, a <see cref="SparseTopologyScheduler"/> driving the CHTs/CHTss/SET/RigL rounds,
/// per-epoch validation, early stopping (best epoch kept), progress reports and cancellation before every batch.
/// Used by the MLP and Transformer trainers alike; knows nothing about ML.NET.
/// </summary>
internal sealed class SparseTrainingLoop
{
    // glibc does not reuse the per-step temporaries' freed memory well once topology rounds have reshaped the heap:
    // without a periodic trim the resident size grew by ~10 MB per step of a 784-1568x3 MLP (see NativeHeap).
    private const int HeapTrimInterval = 25;

    private readonly nn.Module _module;
    private readonly SparseNetwork _network;
    private readonly ITrainingObjective _objective;
    private readonly TrainingSettings _settings;

    /// <param name="module">The whole model (all its parameters are optimised).</param>
    /// <param name="network">Its masked layers and percolation structure.</param>
    /// <param name="objective">Batch loss and validation.</param>
    /// <param name="settings">Epochs, optimizer, schedules, topology options, seed, progress.</param>
    public SparseTrainingLoop(nn.Module module, SparseNetwork network, ITrainingObjective objective, TrainingSettings settings)
    {
        _module = module ?? throw new ArgumentNullException(nameof(module));
        _network = network ?? throw new ArgumentNullException(nameof(network));
        _objective = objective ?? throw new ArgumentNullException(nameof(objective));
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        if (objective.TrainingRows < 1)
            throw new ArgumentException("The training data has no rows.", nameof(objective));
    }

    /// <summary>Steps per epoch: ⌈rows / batch⌉.</summary>
    public long StepsPerEpoch => (_objective.TrainingRows + (long)_settings.BatchSize - 1) / _settings.BatchSize;

    /// <summary>Optimizer steps of the whole run.</summary>
    public long TotalSteps => StepsPerEpoch * _settings.Epochs;

    /// <summary>
    /// Initialises the topology (and sparse weights), trains, and leaves the module holding the kept model (last epoch,
    /// or the best validation epoch under early stopping), in evaluation mode.
    /// </summary>
    /// <param name="inputCorrelation">Input-feature correlation for CSTI initialisation, else null.</param>
    /// <exception cref="OperationCanceledException">The cancellation token was signalled.</exception>
    /// <exception cref="InvalidOperationException">The loss became NaN or infinite.</exception>
    public TrainingHistory Run(Tensor? inputCorrelation = null)
    {
        var s = _settings;
        int previousThreads = torch.get_num_threads();
        if (s.Threads is { } threads)
            torch.set_num_threads(threads);
        try
        {
            return Train(inputCorrelation);
        }
        finally
        {
            if (s.Threads is not null)
                torch.set_num_threads(previousThreads);
        }
    }

    private TrainingHistory Train(Tensor? inputCorrelation)
    {
        var s = _settings;
        var history = new TrainingHistory();
        var watch = Stopwatch.StartNew();
        long stepsPerEpoch = StepsPerEpoch, totalSteps = TotalSteps;
        using var scheduler = new SparseTopologyScheduler(_network, s.Topology, totalSteps, stepsPerEpoch, s.Seed);
        scheduler.InitializeTopology(inputCorrelation);
        var parameters = _module.parameters().ToList();
        using var optimizer = s.Optimizer switch
        {
            SparseOptimizer.Sgd => SparseOptimizers.CreateSgd(parameters, s.LearningRate, s.Momentum, s.WeightDecay),
            SparseOptimizer.Adam => SparseOptimizers.CreateAdam(parameters, s.LearningRate, s.AdamBeta1, s.AdamBeta2, weightDecay: s.WeightDecay),
            _ => SparseOptimizers.CreateAdam(parameters, s.LearningRate, s.AdamBeta1, s.AdamBeta2, weightDecay: s.WeightDecay, decoupledWeightDecay: true),
        };
        if (s.Topology.Method != SparseTrainingMethod.Dense)
            scheduler.Attach(optimizer);

        var plan = new LearningRatePlan(s, totalSteps);
        var random = new Random(unchecked((int)(s.Seed * 2654435761L) ^ 0x5eed));
        var order = Enumerable.Range(0, _objective.TrainingRows).Select(i => (long)i).ToArray();
        bool onCpu = _network.Layers[0].Weight.device_type == DeviceType.CPU;
        long? stepsSinceRound = null;
        double lr = s.LearningRate;
        double bestLoss = double.PositiveInfinity;
        int bestEpoch = 0, epochsWithoutImprovement = 0;
        ModelSnapshot? best = null;
        try
        {
            for (int epoch = 0; epoch < s.Epochs; epoch++)
            {
                random.Shuffle(order);
                _module.train();
                double lossSum = 0;
                long lossRows = 0;
                for (long b = 0; b < stepsPerEpoch; b++)
                {
                    s.Cancellation.ThrowIfCancellationRequested();
                    int start = (int)(b * s.BatchSize), count = Math.Min(s.BatchSize, order.Length - start);
                    var rows = order.AsSpan(start, count).ToArray();
                    TopologyRoundStats? round;
                    float lossValue;
                    using (NewDisposeScope())
                    {
                        optimizer.zero_grad();
                        var loss = _objective.BatchLoss(rows);
                        loss.backward();
                        lossValue = loss.detach().cpu().item<float>();
                        if (!float.IsFinite(lossValue))
                            throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture,
                                "Training diverged: the loss became {0} at epoch {1}, step {2} (learning rate {3:G3}). Lower LearningRate, " +
                                "normalise the features (e.g. mlContext.Transforms.NormalizeMinMax) or use a smaller batch.",
                                lossValue, epoch + 1, scheduler.Step + 1, lr));
                        scheduler.BeforeOptimizerStep();
                        long? k = stepsSinceRound is { } since ? since + 1 : null;
                        lr = plan.At(scheduler.Step + 1, epoch, k);
                        SparseOptimizers.SetLearningRate(optimizer, lr);
                        if (!scheduler.SkipThisOptimizerStep)
                            optimizer.step();
                        round = scheduler.AfterOptimizerStep();
                        stepsSinceRound = round != null ? 0 : k;
                    }
                    if (onCpu && scheduler.Step % HeapTrimInterval == 0)
                        NativeHeap.ReleaseFreedMemory();
                    lossSum += (double)lossValue * count;
                    lossRows += count;
                    if (round != null)
                    {
                        history.Rounds.Add(round);
                        s.Progress?.Report(Report(TrainingProgressKind.TopologyRound, epoch, scheduler, totalSteps, lossSum / lossRows, lr, watch, topologyRound: round));
                    }
                    if (scheduler.Step % s.ProgressInterval == 0)
                        s.Progress?.Report(Report(TrainingProgressKind.Batch, epoch, scheduler, totalSteps, lossSum / lossRows, lr, watch));
                }

                double trainLoss = lossSum / Math.Max(1, lossRows);
                ValidationResult? validation = null;
                if (_objective.HasValidation)
                {
                    _module.eval();
                    using (NewDisposeScope())
                    using (no_grad())
                        validation = _objective.Validate();
                }
                history.Epochs.Add(new EpochRecord(epoch + 1, trainLoss, validation?.Loss, validation?.Accuracy, watch.Elapsed, lr));
                s.Progress?.Report(Report(TrainingProgressKind.Epoch, epoch, scheduler, totalSteps, trainLoss, lr, watch, validation));
                s.Log?.Invoke(string.Format(CultureInfo.InvariantCulture, "epoch {0}/{1}: loss {2:F4}{3}{4}, density {5:P2}, {6:F1} s",
                    epoch + 1, s.Epochs, trainLoss,
                    validation is { } v1 ? $", validation loss {v1.Loss:F4}" : "",
                    validation?.Accuracy is { } acc ? $", validation accuracy {acc:P2}" : "",
                    scheduler.CurrentTargetDensity, watch.Elapsed.TotalSeconds));

                if (s.EarlyStoppingPatience > 0 && validation is { } v)
                {
                    if (v.Loss < bestLoss)
                    {
                        bestLoss = v.Loss;
                        bestEpoch = epoch + 1;
                        epochsWithoutImprovement = 0;
                        best?.Dispose();
                        best = ModelSnapshot.Capture(_module);
                    }
                    else if (++epochsWithoutImprovement >= s.EarlyStoppingPatience)
                    {
                        history.StoppedEarly = epoch + 1 < s.Epochs;
                        s.Log?.Invoke($"early stopping after epoch {epoch + 1}: no lower validation loss for {epochsWithoutImprovement} epoch(s); keeping epoch {bestEpoch}");
                        break;
                    }
                }
            }

            history.KeptEpoch = history.Epochs.Count;
            if (best != null && bestEpoch != history.Epochs.Count)
            {
                best.Restore(_module);
                history.KeptEpoch = bestEpoch;
            }
            history.Steps = scheduler.Step;
            history.Elapsed = watch.Elapsed;
            _module.eval();
            var last = history.Epochs[^1];
            s.Progress?.Report(new SparseTrainingProgress(TrainingProgressKind.Completed, history.KeptEpoch, s.Epochs, scheduler.Step, totalSteps,
                last.TrainingLoss, lr, scheduler.CurrentTargetDensity, watch.Elapsed, last.ValidationLoss, last.ValidationAccuracy));
            return history;
        }
        finally
        {
            best?.Dispose();
        }
    }

    private SparseTrainingProgress Report(TrainingProgressKind kind, int epoch, SparseTopologyScheduler scheduler, long totalSteps, double loss,
        double lr, Stopwatch watch, ValidationResult? validation = null, TopologyRoundStats? topologyRound = null)
        => new(kind, epoch + 1, _settings.Epochs, scheduler.Step, totalSteps, loss, lr, scheduler.CurrentTargetDensity, watch.Elapsed,
               validation?.Loss, validation?.Accuracy, topologyRound);
}
