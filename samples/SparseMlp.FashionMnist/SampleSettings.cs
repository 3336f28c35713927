// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Microsoft.ML.Sparse.Samples.FashionMnist;

/// <summary>
/// Command-line settings of the sample (parsed with System.CommandLine): a short default run, or the paper's MLP preset
/// with --paper. <see cref="Parse"/> prints --help with every option and its default.
/// </summary>
internal sealed record SampleSettings
{
    public int Epochs { get; init; } = 3;
    public int? Rows { get; init; }
    public double Density { get; init; } = 0.01;
    public SparseTrainingMethod Method { get; init; } = SparseTrainingMethod.Chts;
    public int Seed { get; init; } = 1;
    public string OutputDirectory { get; init; } = Path.Combine(AppContext.BaseDirectory, "out");
    public bool Paper { get; init; }

    /// <summary>
    /// Parses the arguments. Returns null after printing the help (exit code 0) or the errors with their fix (exit code 2).
    /// </summary>
    public static SampleSettings? Parse(string[] args, out int exitCode)
    {
        var defaults = new SampleSettings();
        var paper = new Option<bool>("--paper")
        {
            Description = "The paper's preset: 784-1568x3-10, batch 32, SGD 0.025 linear decay, momentum 0.9, weight decay 5e-4, " +
                "zeta 0.3, CSTI topology, relative-importance removal, 100 epochs (about 12 h on 2 cores).",
        };
        var epochs = new Option<int?>("--epochs")
        {
            Description = $"Training epochs per model [default: {defaults.Epochs}, 100 with --paper; {defaults.Epochs} take a few minutes on 2 cores].",
            HelpName = "N",
            CustomParser = result => PositiveInteger(result),
        };
        var rows = new Option<int?>("--rows")
        {
            Description = "Training images to use [default: all 60,000].",
            HelpName = "N",
            CustomParser = result => PositiveInteger(result),
        };
        var density = new Option<double>("--density")
        {
            Description = "Share of links the sparse model keeps, in (0, 1].",
            HelpName = "D",
            DefaultValueFactory = _ => defaults.Density,
            CustomParser = Fraction,
        };
        var method = new Option<SparseTrainingMethod>("--method")
        {
            Description = "Sparse training method of the sparse model (the second model is always dense).",
            DefaultValueFactory = _ => defaults.Method,
        };
        var seed = new Option<int>("--seed") { Description = "Random seed.", HelpName = "N", DefaultValueFactory = _ => defaults.Seed };
        var output = new Option<string>("--out")
        {
            Description = "Folder the two model zips are saved to [default: out/ next to the sample's binaries].",
            HelpName = "DIR",
        };
        var command = new RootCommand("Trains a sparse MLP (CHTs at 1% density by default) and a dense MLP on Fashion-MNIST " +
            "(installed by build/setup), evaluates both, saves both model zips and prints a comparison table.")
        {
            paper, epochs, rows, density, method, seed, output,
        };
        if (SampleCommandLine.Parse(command, args, out exitCode) is not { } parsed)
            return null;
        bool isPaper = parsed.GetValue(paper);
        return new SampleSettings
        {
            Paper = isPaper,
            Epochs = parsed.GetValue(epochs) ?? (isPaper ? 100 : defaults.Epochs),
            Rows = parsed.GetValue(rows),
            Density = parsed.GetValue(density),
            Method = parsed.GetValue(method),
            Seed = parsed.GetValue(seed),
            OutputDirectory = parsed.GetValue(output) ?? defaults.OutputDirectory,
        };
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

    private static int? PositiveInteger(ArgumentResult result)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0)
            return value;
        result.AddError($"{OptionName(result)} needs a positive whole number, e.g. {OptionName(result)} 10; got '{text}'.");
        return null;
    }

    private static double Fraction(ArgumentResult result)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0 && value <= 1)
            return value;
        result.AddError($"{OptionName(result)} needs a fraction of links in (0, 1], e.g. {OptionName(result)} 0.01 for 1%; got '{text}'.");
        return 0;
    }

    private static string OptionName(ArgumentResult result) => result.Parent is OptionResult option ? option.Option.Name : "the value";
}
