// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.ML.Sparse.Samples.Datasets;
using Microsoft.ML.Sparse.Text;
using TorchSharp;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core.Schedules;
using Microsoft.ML.Sparse.Engine.Networks.Transformer;
using Microsoft.ML.Sparse.Engine.Torch.Layers;
using Microsoft.ML.Sparse.Engine.Torch.Runtime;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// Times masked-dense Transformer training steps on the real text data to plan benchmark budgets:
/// SpamAssassin classification or Ding EN→DE translation, with random masks at the given density
/// (the topology engine is not involved). Measures --steps batches (0 = one full epoch) and extrapolates to an epoch.
/// Args: --task classify|translate --dim 256 --layers 2 --heads 4 --ff 4·dim --max-tokens 256 --batch 32
///       --vocab 8000 --steps 30 --density 0.1 --decode 200 --epochs 1 (translation: several epochs, then BLEU)
/// </summary>
internal sealed class TransformerEpochTimingBenchmark : IBenchmark
{
    public string Name => "transformer-epoch";

    public string Description => "time Transformer training steps (SpamAssassin classification / Ding translation) and extrapolate to an epoch";

    public void Run(string outputDirectory, string[] args)
    {
        string Arg(string name, string fallback)
        {
            int i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        string task = Arg("task", "classify");
        int dim = int.Parse(Arg("dim", "256"), CultureInfo.InvariantCulture);
        int layers = int.Parse(Arg("layers", "2"), CultureInfo.InvariantCulture);
        int heads = int.Parse(Arg("heads", "4"), CultureInfo.InvariantCulture);
        int ff = int.Parse(Arg("ff", (4 * dim).ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        int maxTokens = int.Parse(Arg("max-tokens", task == "classify" ? "256" : "64"), CultureInfo.InvariantCulture);
        int batch = int.Parse(Arg("batch", task == "classify" ? "32" : "64"), CultureInfo.InvariantCulture);
        int vocabSize = int.Parse(Arg("vocab", "8000"), CultureInfo.InvariantCulture);
        int steps = int.Parse(Arg("steps", "30"), CultureInfo.InvariantCulture);
        double density = double.Parse(Arg("density", "0.1"), CultureInfo.InvariantCulture);
        int decode = int.Parse(Arg("decode", "200"), CultureInfo.InvariantCulture);
        int epochs = int.Parse(Arg("epochs", "1"), CultureInfo.InvariantCulture);

        TorchRuntime.EnsureLoaded();
        torch.random.manual_seed(1);
        var report = new StringBuilder();
        report.AppendLine($"# transformer-epoch ({task})").AppendLine();
        report.AppendLine($"d_model {dim}, layers {layers}, heads {heads}, d_ff {ff}, max tokens {maxTokens}, batch {batch}, vocab {vocabSize}, density {density}, torch threads {torch.get_num_threads()}, cores {Environment.ProcessorCount}").AppendLine();
        var sw = Stopwatch.StartNew();

        if (task == "classify")
            RunClassification(report, sw, dim, layers, heads, ff, maxTokens, batch, vocabSize, steps, density);
        else
            RunTranslation(report, sw, dim, layers, heads, ff, maxTokens, batch, vocabSize, steps, density, decode, epochs);

        string text = report.ToString();
        Console.Write(text);
        File.WriteAllText(Path.Combine(outputDirectory, $"transformer-epoch-{task}.md"), text);
    }

    private static void RunClassification(StringBuilder report, Stopwatch sw, int dim, int layers, int heads, int ff, int maxTokens,
                                          int batch, int vocabSize, int steps, double density)
    {
        var data = SpamAssassinCorpus.Read();
        var order = Enumerable.Range(0, data.Count).ToArray();
        new Random(1).Shuffle(order);
        var train = order.Take(data.Count * 8 / 10).Select(i => data[i]).ToList();
        report.AppendLine($"- read {data.Count} e-mails, train split {train.Count}: {sw.Elapsed.TotalSeconds:F1} s");
        sw.Restart();
        var vocabulary = SubwordVocabulary.Train(train.Select(e => e.Text), new BpeTrainingOptions { VocabularySize = vocabSize, LowerCase = true });
        report.AppendLine($"- BPE training ({vocabulary.Size} tokens): {sw.Elapsed.TotalSeconds:F1} s");
        sw.Restart();
        var ids = train.Select(e => (IReadOnlyList<int>)vocabulary.Encode(e.Text, maxTokens)).ToList();
        var labels = train.Select(e => e.Label == "spam" ? 1L : 0L).ToArray();
        report.AppendLine($"- encoding: {sw.Elapsed.TotalSeconds:F1} s; mean length {ids.Average(x => x.Count):F0} tokens, {ids.Count(x => x.Count == maxTokens) * 100.0 / ids.Count:F0}% cut at {maxTokens}");

        var architecture = new TransformerArchitecture
        {
            Task = TransformerTask.TextClassification, ModelDim = dim, Heads = heads, FeedForwardDim = ff, EncoderLayers = layers,
            MaxLength = maxTokens, SourceVocabularySize = vocabulary.Size, ClassCount = 2, PadId = vocabulary.PadId,
        };
        using var model = new TransformerTextClassifier(architecture);
        SetMasks(model.SparseLinears, density);
        using var optimizer = optim.Adam(model.parameters(), lr: 5e-4);
        int batches = (ids.Count + batch - 1) / batch;
        int measured = steps <= 0 ? batches : Math.Min(steps, batches);
        model.train();
        double seconds = TimeSteps(measured, b =>
        {
            var rows = Enumerable.Range(b * batch, Math.Min(batch, ids.Count - b * batch)).ToList();
            var input = TokenBatch.Pad(rows.Select(r => ids[r]).ToList(), vocabulary.PadId);
            var target = tensor(rows.Select(r => labels[r]).ToArray());
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.forward(input), target);
            loss.backward();
            Step(model.SparseLinears, optimizer);
            return loss.item<float>();
        }, out float firstLoss, out float lastLoss);
        Report(report, measured, batches, seconds, ids.Sum(x => (long)x.Count) * measured / batches, firstLoss, lastLoss);
    }

    private static void RunTranslation(StringBuilder report, Stopwatch sw, int dim, int layers, int heads, int ff, int maxTokens,
                                       int batch, int vocabSize, int steps, double density, int decode, int epochs)
    {
        var split = DingSentencePairs.ReadSplit(seed: 1);
        report.AppendLine($"- read Ding pairs: train {split.Train.Count}, validation {split.Validation.Count}, test {split.Test.Count}: {sw.Elapsed.TotalSeconds:F1} s");
        sw.Restart();
        var vocabulary = SubwordVocabulary.Train(split.Train.Select(p => p.Source).Concat(split.Train.Select(p => p.Target)),
                                                 new BpeTrainingOptions { VocabularySize = vocabSize });
        report.AppendLine($"- shared BPE training ({vocabulary.Size} tokens): {sw.Elapsed.TotalSeconds:F1} s");
        sw.Restart();
        var sources = split.Train.Select(p => (IReadOnlyList<int>)vocabulary.Encode(p.Source, maxTokens, addEnd: true)).ToList();
        var targets = split.Train.Select(p => (IReadOnlyList<int>)vocabulary.Encode(p.Target, maxTokens, addBegin: true, addEnd: true)).ToList();
        report.AppendLine($"- encoding: {sw.Elapsed.TotalSeconds:F1} s; mean source {sources.Average(x => x.Count):F1}, target {targets.Average(x => x.Count):F1} tokens");

        var architecture = new TransformerArchitecture
        {
            Task = TransformerTask.SequenceToSequence, ModelDim = dim, Heads = heads, FeedForwardDim = ff, EncoderLayers = layers,
            DecoderLayers = layers, MaxLength = maxTokens + 2, SourceVocabularySize = vocabulary.Size,
            TargetVocabularySize = vocabulary.Size, ShareEmbeddings = true, PadId = vocabulary.PadId,
        };
        using var model = new Seq2SeqTransformer(architecture);
        SetMasks(model.SparseLinears, density);
        using var optimizer = optim.Adam(model.parameters(), lr: 1e-3, beta1: 0.9, beta2: 0.998);
        // Length-sorted batches (as OpenNMT's pooling does) keep padding low; batch order shuffled per epoch.
        var byLength = Enumerable.Range(0, sources.Count).OrderBy(i => targets[i].Count).ThenBy(i => i).ToArray();
        int batches = (byLength.Length + batch - 1) / batch;
        int measured = steps <= 0 ? batches : Math.Min(steps, batches);
        long globalStep = 0;
        model.train();
        for (int epoch = 0; epoch < Math.Max(1, epochs); epoch++)
        {
            var batchOrder = Enumerable.Range(0, batches).ToArray();
            new Random(2 + epoch).Shuffle(batchOrder);
            long tokens = 0;
            double seconds = TimeSteps(measured, s =>
            {
                int b = batchOrder[s];
                var rows = byLength.Skip(b * batch).Take(batch).ToList();
                var source = TokenBatch.Pad(rows.Select(r => sources[r]).ToList(), vocabulary.PadId);
                var (decoderInput, labels) = TokenBatch.ShiftForTeacherForcing(rows.Select(r => targets[r]).ToList(), vocabulary.PadId);
                tokens += rows.Sum(r => (long)targets[r].Count - 1);
                foreach (var group in optimizer.ParamGroups)
                    group.LearningRate = NoamSchedule.IterativeNoam(++globalStep, dim, 400, 100, 20, 1.0);
                optimizer.zero_grad();
                var loss = LabelSmoothedCrossEntropy.Compute(model.forward(source, decoderInput), labels, 0.1, vocabulary.PadId);
                loss.backward();
                Step(model.SparseLinears, optimizer);
                return loss.item<float>();
            }, out float firstLoss, out float lastLoss, () => tokens = 0, warmUp: epoch == 0);
            if (epochs > 1)
                report.Append($"- epoch {epoch + 1}: ");
            Report(report, measured, batches, seconds, tokens, firstLoss, lastLoss);
        }

        if (decode > 0)
        {
            var validation = split.Validation.Take(decode).ToList();
            var validationIds = validation.Select(p => (IReadOnlyList<int>)vocabulary.Encode(p.Source, maxTokens, addEnd: true)).ToList();
            var options = new DecodingOptions { MaxLength = maxTokens, BeginId = vocabulary.BeginId, EndId = vocabulary.EndId };
            foreach (int beam in new[] { 1, 2 })
            {
                sw.Restart();
                var hypotheses = new List<string>();
                for (int start = 0; start < validationIds.Count; start += 50)
                {
                    using var scope = NewDisposeScope();
                    var chunk = TokenBatch.Pad(validationIds.Skip(start).Take(50).ToList(), vocabulary.PadId);
                    hypotheses.AddRange(TransformerDecoding.Decode(model, chunk, options with { BeamSize = beam }).Select(vocabulary.Decode));
                }
                var bleu = BleuScore.Compute(hypotheses, validation.Select(p => p.Target).ToList(), tokenization: BleuTokenization.WhitespaceAndPunctuation);
                report.AppendLine($"- decoding {validation.Count} validation sentences, beam {beam}: {sw.Elapsed.TotalSeconds:F1} s ({bleu})");
            }
        }
    }

    private static double TimeSteps(int count, Func<int, float> step, out float firstLoss, out float lastLoss, Action? afterWarmUp = null, bool warmUp = true)
    {
        if (warmUp)
        {
            using var warm = NewDisposeScope();
            step(0); // warm-up step (allocations, JIT); not timed
        }
        afterWarmUp?.Invoke();
        var losses = new List<float>();
        var sw = Stopwatch.StartNew();
        for (int s = 0; s < count; s++)
        {
            using var scope = NewDisposeScope();
            losses.Add(step(s));
        }
        double seconds = sw.Elapsed.TotalSeconds;
        firstLoss = losses.Take(5).Average();
        lastLoss = losses.TakeLast(5).Average();
        return seconds;
    }

    private static void Report(StringBuilder report, int measured, int batches, double seconds, long tokens, float firstLoss, float lastLoss)
    {
        double perStep = seconds / measured;
        report.AppendLine($"- timed {measured} of {batches} batches: {seconds:F1} s, {perStep * 1000:F0} ms/step, {tokens / seconds:F0} target tokens/s");
        report.AppendLine($"- **one epoch ≈ {perStep * batches:F0} s** ({batches} batches)");
        report.AppendLine($"- loss (mean of 5 steps) {firstLoss:F3} → {lastLoss:F3}");
    }

    private static void SetMasks(IReadOnlyList<MaskedLinear> layers, double density)
    {
        foreach (var layer in layers)
        {
            using var scope = NewDisposeScope();
            long size = layer.InFeatures * layer.OutFeatures;
            var flat = zeros(size, dtype: ScalarType.Bool);
            flat.index_put_(true, randperm(size).narrow(0, 0, (long)Math.Round(density * size)));
            layer.SetMask(flat.view(layer.OutFeatures, layer.InFeatures));
        }
    }

    private static void Step(IReadOnlyList<MaskedLinear> layers, optim.Optimizer optimizer)
    {
        foreach (var layer in layers)
            layer.MaskGradient();
        optimizer.step();
        foreach (var layer in layers)
            layer.ApplyMask();
    }
}
