// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using Microsoft.ML.Sparse.Comparison;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// What the "mlp" benchmark runs: datasets, methods, reference trainers, and the training budget (the same for every
/// method). Two presets share the paper's MLP setup (docs/chts-specification.md §5: 784-1568-1568-1568-10, 1% density, batch 32, SGD
/// lr 0.025 with linear decay to 1%, momentum 0.9, weight decay 5e-4, ζ 0.3, one topology round per epoch) and differ
/// only in the number of epochs: <c>paper</c> trains 100, <c>short</c> 3 (so that the whole report runs in under an
/// hour on two CPU cores). Every other option can be overridden on the command line.
/// </summary>
internal sealed class MlpBenchmarkSettings
{
    public const string Usage =
        "mlp [--short | --paper] [--datasets fashion-mnist,mnist] [--methods dense,static,set,rigl,chts,chtss,gmp,granet] [--references sdca,lightgbm | none]\n" +
        "    [--epochs N] [--train-rows N] [--test-rows N] [--seeds 1,2] [--density 0.01] [--update-interval epoch|STEPS] [--commit SHA]\n" +
        "    [--latency-rounds N] [--torch-threads N] [--dry-run]";

    /// <summary>"short" or "paper".</summary>
    public string Preset { get; private set; } = "short";

    public List<string> Datasets { get; private set; } = new() { "fashion-mnist", "mnist" };

    public List<SparseTrainingMethod> Methods { get; private set; } = ComparisonCandidates.AllMethods.ToList();

    /// <summary>ML.NET reference trainers: "sdca", "lightgbm".</summary>
    public List<string> References { get; private set; } = new() { "sdca", "lightgbm" };

    public int Epochs { get; private set; } = 3;

    /// <summary>Training rows per dataset (null: all 60,000).</summary>
    public int? TrainRows { get; private set; }

    /// <summary>Test rows per dataset (null: all 10,000).</summary>
    public int? TestRows { get; private set; }

    public int[] Seeds { get; private set; } = { 1 };

    public double Density { get; private set; } = 0.01;

    /// <summary>Topology update interval of the short preset, in optimizer steps (10 rounds in 3 epochs of 1,875 steps).</summary>
    public const int ShortUpdateIntervalSteps = 400;

    /// <summary>Topology update interval in optimizer steps; null: the library default of one round per epoch (paper).</summary>
    public int? UpdateIntervalSteps { get; private set; } = ShortUpdateIntervalSteps;

    public int[] HiddenLayerSizes { get; } = { 1568, 1568, 1568 };

    public int BatchSize { get; } = 32;

    /// <summary>Interleaved scoring rounds (PredictionEngine single row, batch scoring) over all trained models.</summary>
    public int LatencyRounds { get; private set; } = 15;

    /// <summary>
    /// TorchSharp intra-op threads for training (null: libtorch's default, one per core). The short preset uses 1: on a
    /// machine shared with other CPU-heavy work, 2 threads were 4x slower than 1 in wall time (libtorch's OpenMP workers
    /// wait for each other when one is descheduled), and on an idle 2-core machine 1 thread still fits the hour.
    /// The paper preset uses libtorch's default. <c>--torch-threads 0</c> selects the default.
    /// </summary>
    public int? TorchThreads { get; private set; } = 1;

    /// <summary>Git commit recorded in the report (build/bench passes it).</summary>
    public string Commit { get; private set; } = "unknown";

    /// <summary>Print the settings and the estimated time, train nothing.</summary>
    public bool DryRun { get; private set; }

    /// <summary>Settings that differ from the preset (shown in the report).</summary>
    public List<string> Overrides { get; } = new();

    /// <summary>Measured on this machine (bench/engine-report.md): one masked 784-1568x3-10 epoch at batch 32 on 60,000 rows.</summary>
    public const double EstimatedSecondsPerEpoch = 35;

    public static MlpBenchmarkSettings Parse(string[] args)
    {
        var s = new MlpBenchmarkSettings();
        if (args.Contains("--paper"))
        {
            s.Preset = "paper";
            s.Epochs = 100;
            s.UpdateIntervalSteps = null;
            s.TorchThreads = null;
        }
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            string Value()
            {
                if (i + 1 >= args.Length)
                    throw new ArgumentException($"{name} needs a value. Usage: {Usage}");
                s.Overrides.Add($"{name} {args[i + 1]}");
                return args[++i];
            }
            switch (name)
            {
                case "--short":
                case "--paper":
                    break;
                case "--datasets":
                    s.Datasets = List(Value());
                    foreach (string d in s.Datasets)
                        if (d is not ("fashion-mnist" or "mnist"))
                            throw new ArgumentException($"Unknown dataset '{d}'; use fashion-mnist and/or mnist.");
                    break;
                case "--methods":
                    s.Methods = List(Value()).Select(ParseMethod).Distinct().ToList();
                    break;
                case "--references":
                    string refs = Value();
                    s.References = refs == "none" ? new List<string>() : List(refs);
                    foreach (string r in s.References)
                        if (r is not ("sdca" or "lightgbm"))
                            throw new ArgumentException($"Unknown reference trainer '{r}'; use sdca, lightgbm or none.");
                    break;
                case "--epochs":
                    s.Epochs = Positive(Value(), name);
                    break;
                case "--train-rows":
                    s.TrainRows = Positive(Value(), name);
                    break;
                case "--test-rows":
                    s.TestRows = Positive(Value(), name);
                    break;
                case "--seeds":
                    s.Seeds = List(Value()).Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                    break;
                case "--density":
                    s.Density = double.Parse(Value(), CultureInfo.InvariantCulture);
                    if (!(s.Density > 0 && s.Density <= 1))
                        throw new ArgumentException("--density must be in (0, 1].");
                    break;
                case "--update-interval":
                    string interval = Value();
                    s.UpdateIntervalSteps = interval == "epoch" ? null : Positive(interval, name);
                    break;
                case "--latency-rounds":
                    s.LatencyRounds = Positive(Value(), name);
                    break;
                case "--torch-threads":
                    string threads = Value();
                    s.TorchThreads = threads == "0" ? null : Positive(threads, name);
                    break;
                case "--commit":
                    s.Commit = args.ElementAtOrDefault(++i) ?? "unknown";
                    break;
                case "--dry-run":
                    s.DryRun = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{name}'. Usage: {Usage}");
            }
        }
        if (s.Seeds.Length == 0)
            throw new ArgumentException("--seeds needs at least one seed.");
        return s;
    }

    /// <summary>The trainer options of every sparse-MLP run (method, density, seed and columns are filled in by <see cref="ComparisonCandidates"/>).</summary>
    public SparseMlpOptions Template(IProgress<SparseTrainingProgress>? progress) => new()
    {
        HiddenLayerSizes = HiddenLayerSizes.ToArray(),
        NumberOfEpochs = Epochs,
        BatchSize = BatchSize,
        Optimizer = SparseOptimizer.Sgd,
        LearningRate = 0.025,
        LearningRateSchedule = LearningRateSchedule.LinearDecay,
        FinalLearningRateFactor = 0.01,
        Momentum = 0.9,
        WeightDecay = 5e-4,
        Device = SparseDevice.Auto,
        // The paper's image preprocessing, set explicitly (the library default chooses from the data).
        FeatureStandardization = FeatureStandardization.Global,
        ProgressInterval = 500,
        Progress = progress,
        Topology = new SparseTopologyOptions
        {
            Zeta = 0.3,
            UpdateInterval = UpdateIntervalSteps ?? 1,
            UpdateIntervalUnit = UpdateIntervalSteps is null ? UpdateIntervalUnit.Epochs : UpdateIntervalUnit.Steps,
            // The paper's MLP set-up: CSTI initial topology and no optimizer step on round steps (official loop).
            Initialization = Preset == "paper" ? TopologyInitialization.Correlated : TopologyInitialization.BipartiteReceptiveField,
            SkipOptimizerStepOnUpdate = Preset == "paper",
            // Relative-importance soft removal: the official MLP README's criterion, +1 point over WM-soft at 100 epochs.
            Removal = Preset == "paper" ? LinkRemoval.RelativeImportanceSoft : LinkRemoval.WeightMagnitudeSoft,
        },
    };

    /// <summary>Optimizer steps per epoch for <paramref name="rows"/> training rows.</summary>
    public long StepsPerEpoch(int rows) => (rows + BatchSize - 1) / BatchSize;

    /// <summary>Rough wall time of the training runs (sparse MLPs only) on a 2-core CPU like the one of bench/engine-report.md.</summary>
    public TimeSpan EstimatedTrainingTime()
    {
        double rowsFactor = (TrainRows ?? 60000) / 60000.0;
        return TimeSpan.FromSeconds(EstimatedSecondsPerEpoch * rowsFactor * Epochs * Methods.Count * Datasets.Count * Seeds.Length);
    }

    private static List<string> List(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => v.ToLowerInvariant()).ToList();

    private static int Positive(string value, string name)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < 1)
            throw new ArgumentException($"{name} must be a positive integer, got '{value}'.");
        return v;
    }

    private static SparseTrainingMethod ParseMethod(string name) => name switch
    {
        "dense" => SparseTrainingMethod.Dense,
        "static" => SparseTrainingMethod.Static,
        "set" => SparseTrainingMethod.Set,
        "rigl" => SparseTrainingMethod.RigL,
        "chts" => SparseTrainingMethod.Chts,
        "chtss" => SparseTrainingMethod.Chtss,
        "gmp" => SparseTrainingMethod.Gmp,
        "granet" => SparseTrainingMethod.GraNet,
        _ => throw new ArgumentException($"Unknown method '{name}'; use dense, static, set, rigl, chts, chtss, gmp, granet."),
    };
}
