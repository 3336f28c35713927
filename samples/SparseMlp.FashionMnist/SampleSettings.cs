// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;

namespace Microsoft.ML.Sparse.Samples.FashionMnist;

/// <summary>Command-line settings of the sample: a short default run, or the paper's MLP preset with --paper.</summary>
internal sealed record SampleSettings
{
    public const string Usage =
        "usage: SparseMlp.FashionMnist [--paper] [--epochs N] [--rows N] [--density D] [--method Chts|Chtss|Set|RigL|Gmp|GraNet|Static] [--seed N] [--out DIR]\n" +
        "  default: 3 epochs on all 60,000 training images (a few minutes on 2 cores)\n" +
        "  --paper: the paper's preset: 784-1568x3-10, batch 32, SGD 0.025 linear decay, momentum 0.9, weight decay 5e-4, zeta 0.3, 100 epochs";

    public int Epochs { get; init; } = 3;
    public int? Rows { get; init; }
    public double Density { get; init; } = 0.01;
    public SparseTrainingMethod Method { get; init; } = SparseTrainingMethod.Chts;
    public int Seed { get; init; } = 1;
    public string OutputDirectory { get; init; } = Path.Combine(AppContext.BaseDirectory, "out");
    public bool Paper { get; init; }

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with the usage text for bad ones.</summary>
    public static SampleSettings Parse(string[] args)
    {
        var settings = new SampleSettings();
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            settings = args[i] switch
            {
                "--paper" => settings with { Paper = true, Epochs = 100 },
                "--epochs" => settings with { Epochs = PositiveInt(Value(), "--epochs") },
                "--rows" => settings with { Rows = PositiveInt(Value(), "--rows") },
                "--density" => settings with { Density = double.Parse(Value(), CultureInfo.InvariantCulture) },
                "--method" => settings with { Method = Enum.Parse<SparseTrainingMethod>(Value(), ignoreCase: true) },
                "--seed" => settings with { Seed = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--out" => settings with { OutputDirectory = Value() },
                "--help" or "-h" => throw new ArgumentException(Usage),
                _ => throw new ArgumentException($"unknown argument '{args[i]}'.\n{Usage}"),
            };
        }
        return settings;
    }

    /// <summary>
    /// The trainer options: the paper's MLP setup with this run's epochs, method and density. Every value is set here
    /// (the library defaults are chosen from the data and would differ slightly on images: 1.02% density, more rounds).
    /// </summary>
    public SparseMlpOptions TrainerOptions(SparseTrainingMethod method, IProgress<SparseTrainingProgress> progress) => new()
    {
        HiddenLayerSizes = new[] { 1568, 1568, 1568 },
        NumberOfEpochs = Epochs,
        BatchSize = 32,
        Optimizer = SparseOptimizer.Sgd,
        LearningRate = 0.025,
        LearningRateSchedule = LearningRateSchedule.LinearDecay,
        Momentum = 0.9,
        WeightDecay = 5e-4,
        FeatureStandardization = FeatureStandardization.Global,
        Seed = Seed,
        Progress = progress,
        ProgressInterval = 25,
        Topology = new SparseTopologyOptions
        {
            Method = method,
            Density = method == SparseTrainingMethod.Dense ? 1 : Density,
            Zeta = 0.3,
            UpdateInterval = 1,
            UpdateIntervalUnit = UpdateIntervalUnit.Epochs,
            // --paper: the paper's MLP set-up (CSTI topology, relative-importance soft removal, no optimizer step on round
            // steps, the FC baseline's PyTorch init).
            Initialization = Paper ? TopologyInitialization.Correlated : TopologyInitialization.BipartiteReceptiveField,
            SkipOptimizerStepOnUpdate = Paper,
            Removal = Paper ? LinkRemoval.RelativeImportanceSoft : LinkRemoval.WeightMagnitudeSoft,
            WeightInitialization = Paper && method == SparseTrainingMethod.Dense ? SparseWeightInitialization.UniformFanIn : SparseWeightInitialization.SwiFanIn,
        },
    };

    /// <summary>The paper's name of a method.</summary>
    public static string Label(SparseTrainingMethod method) => method switch
    {
        SparseTrainingMethod.Chts => "CHTs",
        SparseTrainingMethod.Chtss => "CHTss",
        SparseTrainingMethod.Set => "SET",
        SparseTrainingMethod.Gmp => "GMP",
        _ => method.ToString(),
    };

    private static int PositiveInt(string text, string name) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : throw new ArgumentException($"{name} needs a positive integer, got '{text}'.\n{Usage}");
}
