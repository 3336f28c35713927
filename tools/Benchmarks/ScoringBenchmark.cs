// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Inference;
using Microsoft.ML.Sparse.Scoring;
using Microsoft.ML.Sparse.Trainers;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Networks;
using Microsoft.ML.Sparse.Engine.Torch.Layers;
using Microsoft.ML.Sparse.Engine.Torch.Runtime;
using Microsoft.ML.Sparse.Engine.Torch.Topology;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// Scoring cost of the paper's 784-1568-1568-1568-10 MLP at 1% density (3 sparse hidden layers, dense head, random
/// Erdős–Rényi masks and weights) against the same architecture fully dense: single-row and batch latency of the
/// managed CSR kernels, the managed dense kernel and TorchSharp's dense forward; single-row PredictionEngine latency
/// of the sparse and dense transformers; model zip sizes. Targets: PredictionEngine 1% ≥ 10x faster than dense, zip ≤ 5%.
/// Arguments: [--repeats N] (interleaved timing rounds, default 21) [--batch N] (default 256).
/// </summary>
internal sealed class ScoringBenchmark : IBenchmark
{
    private static readonly int[] Sizes = { 784, 1568, 1568, 1568, 10 };
    private const double Density = 0.01;

    public string Name => "scoring";

    public string Description => "managed CSR vs dense scoring of the 1% 784-1568x3-10 MLP: latency, PredictionEngine, zip size";

    public void Run(string outputDirectory, string[] args)
    {
        int repeats = IntArg(args, "--repeats", 21);
        int batch = IntArg(args, "--batch", 256);
        TorchRuntime.EnsureLoaded();
        random.manual_seed(0);

        var sparseLayers = Build(Density, seed: 1);
        var denseLayers = Build(1.0, seed: 2);
        var sparse = MlpExporter.Export(sparseLayers, MlpActivation.Relu);
        var dense = MlpExporter.Export(denseLayers, MlpActivation.Relu, MlpExportStorage.Dense, removeDeadNeurons: false);
        var sparseStoredDense = MlpExporter.Export(sparseLayers, MlpActivation.Relu, MlpExportStorage.Dense, removeDeadNeurons: false);
        Console.WriteLine($"sparse: {sparse.ActiveLinks} links ({sparse.Density:P2}), {sparse.ActiveHiddenNeurons}/{sparse.OriginalHiddenNeurons} hidden neurons; dense: {dense.ActiveLinks} links");

        var inputs = RandomInputs(batch, Sizes[0], seed: 3);
        double maxDiff = MaxDifferenceToTorch(sparseLayers, sparse, inputs, Math.Min(batch, 32));
        Console.WriteLine($"max |managed sparse - torch| over {Math.Min(batch, 32)} rows: {maxDiff:E2}");

        var ml = new MLContext(1);
        var classes = Enumerable.Range(0, 10).Select(i => $"class{i}").ToArray();
        var sparseTransformer = SparsePredictionTransformerFactory.CreateMulticlass(ml, new MlpScorer(sparse), "Features", classes);
        var denseTransformer = SparsePredictionTransformerFactory.CreateMulticlass(ml, new MlpScorer(dense), "Features", classes);
        var sparseEngine = Engine(ml, sparseTransformer, inputs);
        var denseEngine = Engine(ml, denseTransformer, inputs);
        var shape = ml.Data.LoadFromEnumerable(new[] { new InputRow { Features = new float[784] } }, InputDefinition());
        using var sparseOnnx = new OnnxRuntimeScoring(ml, sparseTransformer, shape, Sizes[0], Sizes[^1]);
        using var denseOnnx = new OnnxRuntimeScoring(ml, denseTransformer, shape, Sizes[0], Sizes[^1]);
        double onnxDiff = MaxDifferenceToOnnx(sparse, sparseOnnx, inputs, Math.Min(batch, 32));
        Console.WriteLine($"max |ONNX Runtime - managed| softmax scores over {Math.Min(batch, 32)} rows: {onnxDiff:E2}; .onnx sparse {sparseOnnx.OnnxBytes:N0} B, dense {denseOnnx.OnnxBytes:N0} B");

        // All measurements run in interleaved rounds (one block of each per round) so that load from other
        // processes on this shared machine spreads over all of them; the median block is reported.
        var cases = new List<Case>
        {
            new("single row, managed CSR (1%)", "single", 1, 400, () => Score(sparse, inputs)),
            new("single row, managed CSR (1%), scalar kernel", "single", 1, 400, () => ScoreScalar(sparse, inputs)),
            new("single row, managed dense", "single", 1, 10, () => Score(dense, inputs)),
            new("single row, TorchSharp dense forward", "single", 1, 10, () => TorchForward(denseLayers, inputs, 1)),
            new($"batch of {batch}, managed CSR (1%)", "batch", batch, 2, () => ScoreBatch(sparse, inputs, batch)),
            new($"batch of {batch}, managed dense", "batch", batch, 1, () => ScoreBatch(dense, inputs, batch)),
            new($"batch of {batch}, TorchSharp dense forward", "batch", batch, 1, () => TorchForward(denseLayers, inputs, batch)),
            new("PredictionEngine single row, sparse transformer (1%)", "engine", 1, 400, sparseEngine),
            new("PredictionEngine single row, dense transformer", "engine", 1, 10, denseEngine),
            new("ONNX Runtime single row, exported sparse transformer (1%)", "onnx", 1, 20, () => sparseOnnx.ScoreNext(inputs)),
            new("ONNX Runtime single row, exported dense transformer", "onnx", 1, 10, () => denseOnnx.ScoreNext(inputs)),
        };
        var results = Measure(cases, repeats);

        var schema = ml.Data.LoadFromEnumerable(new[] { new InputRow { Features = new float[784] } }, InputDefinition()).Schema;
        long sparseZip = ZipSize(ml, sparseTransformer, schema);
        long denseZip = ZipSize(ml, denseTransformer, schema);
        long zerosZip = ZipSize(ml, SparsePredictionTransformerFactory.CreateMulticlass(ml, new MlpScorer(sparseStoredDense), "Features", classes), schema);
        foreach (var m in results)
            Console.WriteLine($"{m.Name,-58} median {m.MedianMicroseconds,12:F1} µs per call ({m.MedianMicroseconds / m.Rows,9:F2} µs/row)");
        Console.WriteLine($"zip: sparse {sparseZip:N0} B, dense {denseZip:N0} B ({(double)sparseZip / denseZip:P2}), 1% weights stored dense {zerosZip:N0} B");

        double engineSpeedup = results.Single(r => r.Name == "PredictionEngine single row, dense transformer").MedianMicroseconds
                             / results.Single(r => r.Name == "PredictionEngine single row, sparse transformer (1%)").MedianMicroseconds;
        double zipRatio = (double)sparseZip / denseZip;
        var report = new Dictionary<string, object>
        {
            ["benchmark"] = Name,
            ["date_utc"] = DateTime.UtcNow.ToString("u"),
            ["machine"] = Machine(),
            ["model"] = new Dictionary<string, object>
            {
                ["architecture"] = string.Join("-", Sizes),
                ["density_hidden_layers"] = Density,
                ["active_links"] = sparse.ActiveLinks,
                ["dense_links"] = dense.ActiveLinks,
                ["overall_density"] = sparse.Density,
                ["active_hidden_neurons"] = sparse.ActiveHiddenNeurons,
                ["hidden_neurons"] = sparse.OriginalHiddenNeurons,
                ["max_abs_difference_to_torch"] = maxDiff,
            },
            ["avx2"] = CsrKernels.IsAvx2Available,
            ["measurements"] = results.Select(m => m.ToJson()).ToArray(),
            ["zip_bytes"] = new Dictionary<string, object> { ["sparse"] = sparseZip, ["dense"] = denseZip, ["sparse_weights_stored_dense"] = zerosZip },
            ["onnx"] = new Dictionary<string, object>
            {
                ["sparse_bytes"] = sparseOnnx.OnnxBytes,
                ["dense_bytes"] = denseOnnx.OnnxBytes,
                ["max_abs_score_difference_to_managed"] = onnxDiff,
                ["runtime"] = "Microsoft.ML.OnnxRuntime 1.32.0, CPU, 1 intra-op thread, default graph optimisations",
            },
            ["prediction_engine_speedup"] = engineSpeedup,
            ["zip_ratio"] = zipRatio,
            ["targets"] = new Dictionary<string, object>
            {
                ["prediction_engine_speedup_at_least"] = 10,
                ["zip_ratio_at_most"] = 0.05,
                ["met"] = engineSpeedup >= 10 && zipRatio <= 0.05,
            },
        };
        File.WriteAllText(Path.Combine(outputDirectory, "scoring-report.json"), JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
        File.WriteAllText(Path.Combine(outputDirectory, "scoring-report.md"), Markdown(report, results, sparse, maxDiff, sparseZip, denseZip, zerosZip, engineSpeedup, zipRatio, batch)
            + OnnxMarkdown(results, sparseOnnx.OnnxBytes, denseOnnx.OnnxBytes, onnxDiff));
        Console.WriteLine($"PredictionEngine speed-up {engineSpeedup:F1}x, zip ratio {zipRatio:P2}; report in {outputDirectory}");
        foreach (var layer in sparseLayers.Concat(denseLayers))
            layer.Dispose();
    }

    private static List<MaskedLinear> Build(double density, long seed)
    {
        random.manual_seed(seed);
        using var generator = new Generator((ulong)seed);
        var layers = new List<MaskedLinear>();
        for (int l = 0; l + 1 < Sizes.Length; l++)
        {
            bool head = l + 2 == Sizes.Length;
            var layer = new MaskedLinear(head ? "head" : $"hidden{l + 1}", Sizes[l], Sizes[l + 1], sparse: !head);
            if (!head && density < 1)
            {
                using var mask = ErdosRenyiTopology.Create(Sizes[l + 1], Sizes[l], TargetLinkCount.For(Sizes[l + 1], Sizes[l], density), CPU, generator);
                layer.SetMask(mask);
            }
            layers.Add(layer);
        }
        return layers;
    }

    private static float[] RandomInputs(int rows, int features, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, rows * features).Select(_ => (float)random.NextDouble()).ToArray();
    }

    private static double MaxDifferenceToTorch(IReadOnlyList<MaskedLinear> layers, SparseMlpInferenceModel model, float[] inputs, int rows)
    {
        var x = inputs.AsSpan(0, rows * model.InputSize).ToArray();
        var expected = MlpExporter.ReferenceForward(layers, MlpActivation.Relu, x, rows);
        var actual = new float[rows * model.OutputSize];
        model.ScoreBatch(x, actual, rows);
        return expected.Zip(actual, (a, b) => Math.Abs((double)a - b)).Max();
    }

    private static double MaxDifferenceToOnnx(SparseMlpInferenceModel model, OnnxRuntimeScoring onnx, float[] inputs, int rows)
    {
        double max = 0;
        var expected = new float[model.OutputSize];
        for (int row = 0; row < rows; row++)
        {
            model.Score(inputs.AsSpan(row * model.InputSize, model.InputSize), expected);
            SparseMulticlassPredictionTransformer.Softmax(expected);
            onnx.ScoreRow(inputs, row);
            for (int i = 0; i < expected.Length; i++)
                max = Math.Max(max, Math.Abs((double)expected[i] - onnx.Score[i]));
        }
        return max;
    }

    private static string OnnxMarkdown(List<Measurement> results, long sparseOnnx, long denseOnnx, double maxDiff)
    {
        double Get(string name) => results.Single(r => r.Name == name).MedianMicroseconds;
        double ort = Get("ONNX Runtime single row, exported sparse transformer (1%)");
        return $"""

            ## ONNX export

            The two transformers exported with `mlContext.Model.ConvertToOnnx` and run in ONNX Runtime 1.32 (CPU, one intra-op thread,
            default optimisations, pre-allocated input/output tensors): .onnx sparse {sparseOnnx:N0} B, dense {denseOnnx:N0} B
            ({(double)sparseOnnx / denseOnnx:P2}); max |ONNX Runtime - managed| softmax score {maxDiff:E2}.

            | single row | median µs |
            |---|---:|
            | managed CSR, `SparseMlpInferenceModel.Score` (1%) | {Get("single row, managed CSR (1%)"):F1} |
            | PredictionEngine, sparse transformer (1%) | {Get("PredictionEngine single row, sparse transformer (1%)"):F1} |
            | ONNX Runtime, exported sparse transformer (1%) | {ort:F1} |
            | ONNX Runtime, exported dense transformer | {Get("ONNX Runtime single row, exported dense transformer"):F1} |

            The sparse layers are stored compactly in the file but densified when the session loads (ONNX has no sparse
            matrix product in the opsets ML.NET exports), so ONNX Runtime scores the 1% model at dense cost:
            {ort / Get("PredictionEngine single row, sparse transformer (1%)"):F1}x the sparse PredictionEngine's latency.
            """;
    }

    private static int _row;
    private static readonly float[] Output = new float[10];

    private static void Score(SparseMlpInferenceModel model, float[] inputs)
    {
        int row = _row++ % (inputs.Length / model.InputSize);
        model.Score(inputs.AsSpan(row * model.InputSize, model.InputSize), Output);
    }

    private static float[]? _batchOutput;

    private static void ScoreBatch(SparseMlpInferenceModel model, float[] inputs, int rows)
    {
        _batchOutput ??= new float[rows * model.OutputSize];
        model.ScoreBatch(inputs, _batchOutput, rows);
    }

    private static void TorchForward(IReadOnlyList<MaskedLinear> layers, float[] inputs, int rows)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var h = tensor(inputs.AsSpan(0, rows * Sizes[0]).ToArray(), new long[] { rows, Sizes[0] });
        for (int i = 0; i < layers.Count; i++)
        {
            h = layers[i].forward(h);
            if (i + 1 < layers.Count)
                h = nn.functional.relu(h);
        }
        h.data<float>().CopyTo(new float[rows * 10], 0);
    }

    /// <summary>One timed operation: <paramref name="Call"/> runs <paramref name="CallsPerBlock"/> times per block; <paramref name="Rows"/> rows per call.</summary>
    internal sealed record Case(string Name, string Kind, int Rows, int CallsPerBlock, Action Call);

    /// <summary>Warms every case up, then runs <paramref name="rounds"/> rounds of one block per case (interleaved, so that load from other processes spreads over all cases).</summary>
    internal static List<Measurement> Measure(List<Case> cases, int rounds)
    {
        foreach (var c in cases)
            for (int i = 0; i < Math.Max(2, c.CallsPerBlock); i++)
                c.Call();   // warm-up: JIT, caches, pools
        var blocks = cases.ToDictionary(c => c.Name, _ => new List<double>());
        for (int round = 0; round < rounds; round++)
        {
            foreach (var c in cases)
            {
                var watch = Stopwatch.StartNew();
                for (int i = 0; i < c.CallsPerBlock; i++)
                    c.Call();
                blocks[c.Name].Add(watch.Elapsed.TotalMilliseconds * 1000 / c.CallsPerBlock);
                if (c.Name.Contains("TorchSharp", StringComparison.Ordinal))
                    Thread.Sleep(300);   // let libtorch's OpenMP workers stop spinning before the next (single-threaded) block
            }
        }
        return cases.Select(c => new Measurement(c.Name, c.Kind, c.Rows, blocks[c.Name])).ToList();
    }

    private static void ScoreScalar(SparseMlpInferenceModel model, float[] inputs)
    {
        CsrKernels.ForceScalar = true;
        try
        {
            Score(model, inputs);
        }
        finally
        {
            CsrKernels.ForceScalar = false;
        }
    }

    private static Action Engine(MLContext ml, ITransformer model, float[] inputs)
    {
        var engine = ml.Model.CreatePredictionEngine<InputRow, OutputRow>(model, inputSchemaDefinition: InputDefinition());
        var rows = Enumerable.Range(0, 16).Select(r => new InputRow { Features = inputs.AsSpan(r * 784, 784).ToArray() }).ToArray();
        var output = new OutputRow();
        int next = 0;
        return () => engine.Predict(rows[next++ % rows.Length], ref output);
    }

    private static SchemaDefinition InputDefinition()
    {
        var definition = SchemaDefinition.Create(typeof(InputRow));
        definition[nameof(InputRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 784);
        return definition;
    }

    private static long ZipSize(MLContext ml, ITransformer model, DataViewSchema schema)
    {
        using var stream = new MemoryStream();
        ml.Model.Save(model, schema, stream);
        return stream.Length;
    }

    private sealed class InputRow
    {
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    private sealed class OutputRow
    {
        public float[] Score { get; set; } = Array.Empty<float>();

        public uint PredictedLabel { get; set; }
    }

    /// <summary>Microseconds per call of every block of a case.</summary>
    internal sealed record Measurement(string Name, string Kind, int Rows, List<double> BlockMicroseconds)
    {
        public double MedianMicroseconds { get; } = Median(BlockMicroseconds);

        public double MinMicroseconds => BlockMicroseconds.Min();

        public double MaxMicroseconds => BlockMicroseconds.Max();

        public Dictionary<string, object> ToJson() => new()
        {
            ["name"] = Name,
            ["kind"] = Kind,
            ["rows_per_call"] = Rows,
            ["median_us_per_call"] = MedianMicroseconds,
            ["median_us_per_row"] = MedianMicroseconds / Rows,
            ["min_us_per_call"] = MinMicroseconds,
            ["max_us_per_call"] = MaxMicroseconds,
            ["blocks_us_per_call"] = BlockMicroseconds,
        };

        private static double Median(List<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }
    }

    private static Dictionary<string, object> Machine()
    {
        var machine = BenchmarkMachine.DescribeAtEnd();
        machine["vector_width_floats"] = System.Numerics.Vector<float>.Count;
        return machine;
    }

    private static string Markdown(Dictionary<string, object> report, List<Measurement> results, SparseMlpInferenceModel sparse, double maxDiff,
        long sparseZip, long denseZip, long zerosZip, double engineSpeedup, double zipRatio, int batch)
    {
        var machine = (Dictionary<string, object>)report["machine"];
        var sb = new StringBuilder();
        sb.AppendLine("# Scoring benchmark: managed sparse (CSR) vs dense inference");
        sb.AppendLine();
        sb.AppendLine($"Date (UTC): {report["date_utc"]}  ");
        sb.AppendLine($"Machine: {machine["cpu"]}, {machine["logical_cores"]} logical cores, {machine["os"]}, {machine["dotnet"]}, Vector<float> width {machine["vector_width_floats"]}, AVX2 gather kernel: {report["avx2"]}, torch threads {machine["torch_threads"]}.  ");
        sb.AppendLine($"Load average when the report was written: {machine["load_average_at_end"]} (shared machine; timings vary with other work).");
        sb.AppendLine();
        sb.AppendLine($"Model: {string.Join("-", Sizes)} MLP, ReLU. Sparse: 3 hidden layers at 1% density (Erdős–Rényi masks, exact link counts), dense head: " +
            $"{sparse.ActiveLinks:N0} links ({sparse.Density:P2} of {(long)((Dictionary<string, object>)report["model"])["dense_links"]:N0}), " +
            $"{sparse.ActiveHiddenNeurons:N0}/{sparse.OriginalHiddenNeurons:N0} hidden neurons kept after dead-neuron removal. Dense: the same architecture with every link (random weights). " +
            $"Managed sparse scores vs TorchSharp forward of the same masked layers: max |difference| {maxDiff:E2}.");
        sb.AppendLine();
        sb.AppendLine("| measurement | median µs per call | µs per row | min | max |");
        sb.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var m in results)
            sb.AppendLine($"| {m.Name} | {m.MedianMicroseconds:F1} | {m.MedianMicroseconds / m.Rows:F2} | {m.MinMicroseconds:F1} | {m.MaxMicroseconds:F1} |");
        sb.AppendLine();
        double Get(string name) => results.Single(r => r.Name == name).MedianMicroseconds;
        sb.AppendLine("| ratio | value | target |");
        sb.AppendLine("|---|---:|---|");
        sb.AppendLine($"| PredictionEngine single row: dense / sparse | {engineSpeedup:F1}x | ≥ 10x |");
        double Min(string name) => results.Single(r => r.Name == name).MinMicroseconds;
        sb.AppendLine($"| same, fastest blocks (less affected by other load) | {Min("PredictionEngine single row, dense transformer") / Min("PredictionEngine single row, sparse transformer (1%)"):F1}x | |");
        sb.AppendLine($"| single row, managed: dense / CSR | {Get("single row, managed dense") / Get("single row, managed CSR (1%)"):F1}x | |");
        sb.AppendLine($"| single row: TorchSharp dense / managed CSR | {Get("single row, TorchSharp dense forward") / Get("single row, managed CSR (1%)"):F1}x | |");
        sb.AppendLine($"| single row, managed CSR: scalar / AVX2 kernel | {Get("single row, managed CSR (1%), scalar kernel") / Get("single row, managed CSR (1%)"):F2}x | |");
        sb.AppendLine($"| batch of {batch}: managed dense / CSR (per row) | {Get($"batch of {batch}, managed dense") / Get($"batch of {batch}, managed CSR (1%)"):F1}x | |");
        sb.AppendLine($"| batch of {batch}: TorchSharp dense / managed CSR (per row) | {Get($"batch of {batch}, TorchSharp dense forward") / Get($"batch of {batch}, managed CSR (1%)"):F1}x | |");
        sb.AppendLine($"| model zip: sparse / dense | {zipRatio:P2} ({sparseZip:N0} B / {denseZip:N0} B) | ≤ 5% |");
        sb.AppendLine();
        sb.AppendLine($"For reference, the 1% model's weights stored densely (zeros included) zip to {zerosZip:N0} B: deflate removes most zeros, but such a file " +
            "still has to be expanded to 6.2M weights to score. PredictionEngine overhead (getters, VBuffer copies) is included in its rows; the managed " +
            "rows call SparseMlpInferenceModel.Score directly. Batch scoring of the managed kernels is row by row on one thread; TorchSharp uses its own threads " +
            "(the benchmark pauses 300 ms after each TorchSharp block so that its spinning OpenMP workers do not slow the next block). Measurements run in " +
            "interleaved rounds and the median block is reported.");
        sb.AppendLine();
        sb.AppendLine(engineSpeedup >= 10 && zipRatio <= 0.05 ? "Targets met." : "**Targets NOT met.**");
        sb.AppendLine();
        sb.AppendLine("Reproduce: `dotnet run -c Release --project tools/Benchmarks -- scoring --out bench`.");
        return sb.ToString();
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out int v) ? v : fallback;
    }
}
