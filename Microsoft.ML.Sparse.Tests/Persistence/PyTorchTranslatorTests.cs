// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Text.Json;
using Microsoft.ML.Sparse.Engine.Networks.Transformer;
using Microsoft.ML.Sparse.Persistence.Safetensors;
using Microsoft.ML.Sparse.Trainers;
using Microsoft.ML.Sparse.Translation;
using static Microsoft.ML.Sparse.Tests.Engine.Networks.Transformer.TransformerTestKit;
using static Microsoft.ML.Sparse.Tests.Persistence.PyTorchProcess;
using static Microsoft.ML.Sparse.Tests.Persistence.SafetensorsTestKit;
using static Microsoft.ML.Sparse.Tests.Translation.TranslationTestKit;
using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Tests.Persistence;

/// <summary>
/// The Transformer translator as a safetensors state_dict: tools/pytorch/seq2seq_forward.py rebuilds the forward pass
/// in PyTorch from the file alone, and its teacher-forced logits equal the C# network's within 1e-4, for a translator
/// trained here (post-norm, shared vocabulary and embeddings) and for a pre-norm network with separate embeddings.
/// Inconclusive, with the install command, where python3 has no torch.
/// </summary>
[TestClass]
[TestCategory(TestLanes.Process)]
public sealed class PyTorchTranslatorTests
{
    private static int _torchThreads;

    [ClassInitialize]
    public static void OneTorchThread(TestContext _) => _torchThreads = UseOneTorchThread();

    [ClassCleanup]
    public static void RestoreThreads() => RestoreTorchThreads(_torchThreads);

    private static readonly string[] English = ["one", "two", "three", "four", "five", "six", "red", "green", "house", "tree"];
    private static readonly string[] German = ["eins", "zwei", "drei", "vier", "fünf", "sechs", "rot", "grün", "haus", "baum"];

    /// <summary>Word-for-word pairs of 2 to 5 words ("two red house" → "zwei rot haus").</summary>
    private static List<Pair> WordPairs(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            int[] words = Enumerable.Range(0, random.Next(2, 6)).Select(_ => random.Next(English.Length)).ToArray();
            return new Pair { Source = string.Join(' ', words.Select(w => English[w])), Target = string.Join(' ', words.Select(w => German[w])) };
        }).ToList();
    }

    [TestMethod]
    public void ATrainedTranslatorsTeacherForcedLogitsInPyTorchEqualMLNetsWithin1e4()
    {
        RequireTorch();
        var ml = new MLContext(1);
        var options = TinyOptions(epochs: 2);
        options.VocabularySize = 40;
        var model = ml.Transforms.Text.SparseTranslation(options).Fit(ToDataView(ml, WordPairs(120, 1)));
        var network = model.Network;
        var sentences = WordPairs(4, 2);
        int[][] sources = sentences.Select(p => network.EncodeSource(p.Source)).ToArray();
        int[][] targetInputs = sentences.Select(p => network.TargetVocabulary.Encode(p.Target, network.MaxTokens, addBegin: true, addEnd: true)[..^1]).ToArray();

        using var file = new MemoryStream();
        ml.Model.ExportSparseTranslatorToSafetensors(model, file);
        var (tensors, metadata) = SafetensorsFile.Read(new MemoryStream(file.ToArray()), "export");
        Assert.AreEqual(TranslatorStateDict.Format, metadata["format"]);
        Assert.AreEqual(network.TargetVocabulary.BeginId.ToString(), metadata["begin_id"]);
        Assert.IsFalse(tensors.ContainsKey("target_embedding.embedding.weight"), "shared embeddings are written once");
        AssertMasksMatchTheNetwork(tensors, network.Network);

        CompareWithPyTorch(file.ToArray(), network.Network, sources, targetInputs);
    }

    [TestMethod]
    public void APreNormNetworkWithSeparateEmbeddingsGivesTheSameLogitsInPyTorch()
    {
        RequireTorch();
        var architecture = Seq2Seq(vocabulary: 30, layers: 2, shared: false, norm: NormPlacement.PreNorm, modelDim: 16);
        using var network = Build(() => new Seq2SeqTransformer(architecture), 5);
        SetRandomMasks(network.SparseLinears, 0.3, 6);
        network.eval();
        var (tensors, metadata) = TranslatorStateDict.ToTensors(network, beginId: 2, endId: 3, maxTokens: 16);
        using var file = new MemoryStream();
        SafetensorsFile.Write(file, tensors, metadata);
        Assert.IsTrue(tensors.Any(t => t.Name == "target_embedding.embedding.weight"), "separate embeddings are both written");
        Assert.IsTrue(tensors.Any(t => t.Name == "decoder.final_norm.weight"), "pre-norm stacks end with a LayerNorm");

        var random = new Random(7);
        int[][] Rows(int vocabulary, params int[] lengths) => lengths.Select(n => Enumerable.Range(0, n).Select(_ => random.Next(4, vocabulary)).ToArray()).ToArray();
        int[][] sources = Rows(architecture.SourceVocabularySize, 7, 3, 5);
        int[][] targetInputs = Rows(architecture.TargetVocabularySize, 4, 6, 2).Select(r => new[] { 2 }.Concat(r).ToArray()).ToArray();
        CompareWithPyTorch(file.ToArray(), network, sources, targetInputs);
    }

    /// <summary>Every sparse projection has a bool mask equal to the network's, and zero weights outside it.</summary>
    private static void AssertMasksMatchTheNetwork(IReadOnlyDictionary<string, SafetensorsTensor> tensors, Seq2SeqTransformer network)
    {
        int sparse = 0;
        foreach (var (name, tensor) in tensors.Where(t => t.Key.EndsWith(".mask", StringComparison.Ordinal)))
        {
            Assert.AreEqual(SafetensorsDType.Bool, tensor.DType, name);
            bool[] mask = tensor.ToBools();
            float[] weight = tensors[name[..^".mask".Length] + ".weight"].ToFloats();
            Assert.IsTrue(mask.Zip(weight).All(p => p.First || p.Second == 0), $"{name}: a weight outside the mask");
            sparse += mask.Count(m => !m) > 0 ? 1 : 0;
        }
        Assert.AreEqual(network.SparseLinears.Count, tensors.Count(t => t.Key.EndsWith(".mask", StringComparison.Ordinal)), "one mask per sparse projection");
        Assert.AreEqual(network.SparseLinears.Count, sparse, "every projection is sparse");
    }

    /// <summary>Runs seq2seq_forward.py on the file and compares its logits with the C# network's on the same padded batch.</summary>
    private static void CompareWithPyTorch(byte[] file, Seq2SeqTransformer network, int[][] sources, int[][] targetInputs)
    {
        string dir = Directory.CreateTempSubdirectory("mlsparse-seq2seq-").FullName;
        try
        {
            string model = Path.Combine(dir, "translator.safetensors"), ids = Path.Combine(dir, "ids.json"), logits = Path.Combine(dir, "logits.f32");
            File.WriteAllBytes(model, file);
            File.WriteAllText(ids, JsonSerializer.Serialize(new Dictionary<string, int[][]> { ["source"] = sources, ["target_input"] = targetInputs }));
            var (exit, output) = Run(Script("seq2seq_forward.py"), model, "--ids", ids, "--write-logits", logits);
            Assert.AreEqual(0, exit, output);

            float[] expected;
            using (var scope = NewDisposeScope())
            using (no_grad())
            {
                long pad = network.Architecture.PadId;
                expected = Values(network.forward(Ids(Padded(sources, pad)), Ids(Padded(targetInputs, pad))));
            }
            float[] actual = FromFloatBytes(File.ReadAllBytes(logits));
            Assert.HasCount(expected.Length, actual, output);
            double worst = expected.Zip(actual).Max(p => Math.Abs(p.First - p.Second));
            Assert.IsTrue(worst <= 1e-4, $"PyTorch's logits differ from ML.NET's by up to {worst:G3}");
            Assert.IsTrue(expected.Distinct().Count() > expected.Length / 2, "the logits vary (the comparison is not of constants)");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static long[,] Padded(int[][] rows, long pad)
    {
        var result = new long[rows.Length, rows.Max(r => r.Length)];
        for (int i = 0; i < rows.Length; i++)
            for (int j = 0; j < result.GetLength(1); j++)
                result[i, j] = j < rows[i].Length ? rows[i][j] : pad;
        return result;
    }
}
