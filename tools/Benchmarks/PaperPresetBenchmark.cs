// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using System.Text.Json;
using Microsoft.ML.Sparse.Samples.Datasets;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// The paper's MLP preset, one run per invocation so that a long campaign can be split over sessions: 784-1568-1568-1568-10,
/// 1% density, batch 32, SGD 0.025 with linear decay, momentum 0.9, weight decay 5e-4, ζ 0.3, one topology round per
/// epoch, 100 epochs, on the managed engine (sparse methods) or TorchSharp (dense). The test set is evaluated after every
/// epoch (as the paper's code does) so both the final and the best-epoch test accuracy are recorded. Each run writes
/// runs/&lt;name&gt;.json under the output folder; <c>--summarize</c> assembles report.md from every run there.
/// Arguments: --dataset fashion-mnist|mnist, --method chts|chtss|set|rigl|gmp|granet|static|dense, --seed N, [--epochs N] (100),
/// [--predictor ch2l3n|ch3l3n|ch3l3p|ch2l3p] (CHTs/CHTss regrowth, ch2l3n; ch3l3p is the paper's CHTs-p), [--rows N] (train on the
/// first N training rows only, for smoke runs; the whole test set is still evaluated),
/// [--init brf|csti|er] (csti, the paper's MLP set-up), [--no-skip] (take the optimizer step on round steps), [--hidden N]
/// (hidden width, 1568), [--density-surplus S] (train at 1% + S until 0.6·T_end, + S/2 until the last round: the reference
/// code's EM_S with S = 0.05; CHTs, SET and RigL), [--removal WeightMagnitudeSoft|RelativeImportanceSoft|...] (a LinkRemoval; default RelativeImportanceSoft, measured: 90.65% vs 89.66% with WeightMagnitudeSoft on Fashion-MNIST,
/// 3 seeds), [--threads N] (TorchSharp threads for the dense run; libtorch's default when absent: one thread keeps a long dense
/// run predictable on a shared 2-core machine), [--summarize]. GMP and GraNet decay from InitialDensity 0.5 (the CHTs paper's
/// set-up) on the cubic schedule, CHTss from 0.5 on the sigmoid; all three reach 1% at half of training.
/// </summary>
internal sealed class PaperPresetBenchmark : IBenchmark
{
    public string Name => "paper-preset";

    public string Description => "one run of the paper's MLP preset (final and best-epoch test accuracy); --summarize builds the report";

    public void Run(string outputDirectory, string[] args)
    {
        string runs = Path.Combine(outputDirectory, "runs");
        Directory.CreateDirectory(runs);
        if (args.Contains("--summarize"))
        {
            File.WriteAllText(Path.Combine(outputDirectory, "report.md"), PaperPresetReport.Markdown(runs));
            Console.WriteLine($"report written to {Path.Combine(outputDirectory, "report.md")}");
            return;
        }
        string dataset = Text(args, "--dataset") ?? "fashion-mnist";
        var method = Enum.Parse<SparseTrainingMethod>(Text(args, "--method") ?? "chts", ignoreCase: true);
        int seed = int.Parse(Text(args, "--seed") ?? "1", CultureInfo.InvariantCulture);
        int epochs = int.Parse(Text(args, "--epochs") ?? "100", CultureInfo.InvariantCulture);
        string init = Text(args, "--init") ?? "csti";
        bool skip = !args.Contains("--no-skip");
        int width = int.Parse(Text(args, "--hidden") ?? "1568", CultureInfo.InvariantCulture);
        var removal = Enum.Parse<LinkRemoval>(Text(args, "--removal") ?? nameof(LinkRemoval.RelativeImportanceSoft), ignoreCase: true);
        var predictor = Enum.Parse<LinkPredictor>(Text(args, "--predictor") ?? nameof(LinkPredictor.CH2L3n), ignoreCase: true);
        int? trainRows = Text(args, "--rows") is { } rowsText ? int.Parse(rowsText, CultureInfo.InvariantCulture) : null;
        double surplus = double.Parse(Text(args, "--density-surplus") ?? "0", CultureInfo.InvariantCulture);

        string? threads = Text(args, "--threads");
        var ml = new MLContext(seed: 1);
        var (train, test) = dataset == "mnist"
            ? (Mnist.Load(DatasetSplit.Train), Mnist.Load(DatasetSplit.Test))
            : (FashionMnist.Load(DatasetSplit.Train), FashionMnist.Load(DatasetSplit.Test));
        if (trainRows is { } n)
            train = train.Take(n);
        var testView = test.ToDataView(ml);
        var options = new SparseMlpOptions
        {
            HiddenLayerSizes = new[] { width, width, width },
            NumberOfEpochs = epochs,
            BatchSize = 32,
            Optimizer = SparseOptimizer.Sgd,
            LearningRate = 0.025,
            SparsifyInputLayer = true,
            FeatureStandardization = FeatureStandardization.Global,
            Seed = seed,
            NumberOfThreads = threads is null ? null : int.Parse(threads, CultureInfo.InvariantCulture),
            ValidationSet = testView,
            Progress = new Progress(p =>
            {
                if (p.Kind == TrainingProgressKind.Epoch)
                    Console.WriteLine($"epoch {p.Epoch}/{p.TotalEpochs}: loss {p.TrainingLoss:F4}, test accuracy {p.ValidationAccuracy:P2}, density {p.Density:P2}, {p.Elapsed.TotalSeconds:F0} s");
            }),
            Topology = new SparseTopologyOptions
            {
                Method = method,
                Density = method == SparseTrainingMethod.Dense ? 1 : 0.01,
                UpdateInterval = 1,
                UpdateIntervalUnit = UpdateIntervalUnit.Epochs,
                Initialization = init switch
                {
                    "csti" => TopologyInitialization.Correlated,
                    "er" => TopologyInitialization.ErdosRenyi,
                    _ => TopologyInitialization.BipartiteReceptiveField,
                },
                SkipOptimizerStepOnUpdate = skip,
                Removal = removal,
                Predictor = predictor,
                DensitySurplus = surplus,
                WeightInitialization = method == SparseTrainingMethod.Dense ? SparseWeightInitialization.UniformFanIn : SparseWeightInitialization.SwiFanIn,
            },
        };
        var trainer = ml.MulticlassClassification.Trainers.SparseMlp(options);
        var model = trainer.Fit(train.ToDataView(ml));
        var summary = model.TrainingSummary!;
        double final = ml.MulticlassClassification.Evaluate(model.Transform(testView)).MicroAccuracy;
        var perEpoch = summary.Epochs.Select(e => e.ValidationAccuracy ?? double.NaN).ToArray();
        bool ch = method is SparseTrainingMethod.Chts or SparseTrainingMethod.Chtss;   // the only methods that read removal and predictor
        string name = $"{dataset}-{method.ToString().ToLowerInvariant()}-{init}{(skip ? "" : "-noskip")}{(width == 1568 ? "" : $"-h{width}")}{(!ch || removal == LinkRemoval.WeightMagnitudeSoft ? "" : "-" + removal.ToString().ToLowerInvariant())}"
            + $"{(!ch || predictor == LinkPredictor.CH2L3n ? "" : "-" + predictor.ToString().ToLowerInvariant())}{(trainRows is { } r ? $"-r{r}" : "")}"
            + $"{(surplus > 0 ? string.Create(CultureInfo.InvariantCulture, $"-surplus{surplus:G3}") : "")}-e{epochs}-s{seed}";
        var run = new PaperPresetRun(name, dataset, method.ToString(), init, skip, epochs, seed, final, perEpoch.Max(), Array.IndexOf(perEpoch, perEpoch.Max()) + 1,
            summary.Epochs[^1].TrainingLoss, summary.TrainingTime.TotalSeconds, summary.TopologyTime.TotalSeconds, summary.Engine.ToString(),
            model.Model.ActiveLinks, perEpoch, DateTime.UtcNow.ToString("u", CultureInfo.InvariantCulture), BenchmarkMachine.CpuModel(), width, removal.ToString(),
            predictor.ToString(), summary.ActiveHiddenNeuronFraction, trainRows, surplus > 0 ? surplus : null);
        File.WriteAllText(Path.Combine(runs, name + ".json"), JsonSerializer.Serialize(run, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"{name}: final {final:P2}, best {run.BestAccuracy:P2} (epoch {run.BestEpoch}), ANP {run.Anp:P1}, {summary.TrainingTime.TotalMinutes:F1} min on {summary.Engine}");
    }

    private sealed class Progress(Action<SparseTrainingProgress> report) : IProgress<SparseTrainingProgress>
    {
        public void Report(SparseTrainingProgress value) => report(value);
    }

    private static string? Text(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
