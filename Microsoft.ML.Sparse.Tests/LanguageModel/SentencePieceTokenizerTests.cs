// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Text.Json;
using Microsoft.ML.Sparse.Tests.Persistence;
using Microsoft.ML.Sparse.Tests.Translation;
using Microsoft.ML.Sparse.Text;
using static Microsoft.ML.Sparse.Tests.LanguageModel.LanguageModelTestKit;

namespace Microsoft.ML.Sparse.Tests.LanguageModel;

/// <summary>
/// <see cref="LanguageModelTokenizer.FromSentencePiece"/> against the reference library: Debian's python3-sentencepiece
/// (build/setup installs it) trains a BPE and a unigram model on Genesis 1; the tokenizer must give the ids the library
/// gives for held-out text (runs of unknown characters included), and a language model trained with it must survive the zip. Inconclusive, with the install
/// command, where python3 has no sentencepiece.
/// </summary>
[TestClass]
[TestCategory(TestLanes.Process)]
public sealed class SentencePieceTokenizerTests
{
    private const string TrainAndEncode = """
        import json, sys
        import sentencepiece as spm
        folder, kind = sys.argv[1], sys.argv[2]
        spm.SentencePieceTrainer.train(input=folder + "/train.txt", model_prefix=folder + "/" + kind, vocab_size=150,
                                       model_type=kind, character_coverage=1.0, hard_vocab_limit=False, minloglevel=2)
        sp = spm.SentencePieceProcessor(model_file=folder + "/" + kind + ".model")
        texts = json.load(open(folder + "/texts.json", encoding="utf-8"))
        json.dump([sp.encode(t) for t in texts], open(folder + "/" + kind + ".ids.json", "w"))
        """;

    private static string _folder = null!;
    private static int _torchThreads;

    [ClassInitialize]
    public static void Setup(TestContext _)
    {
        var (probe, why) = PyTorchProcess.Run("-c", "import sentencepiece");
        if (probe != 0)
            Assert.Inconclusive($"{PyTorchProcess.Python} cannot import sentencepiece ({why.Trim()}). Install Debian's python3-sentencepiece with: " +
                "sudo bash build/setup (or apt-get install python3-sentencepiece).");
        _folder = Directory.CreateTempSubdirectory("sentencepiece-tests").FullName;
        File.WriteAllLines(Path.Combine(_folder, "train.txt"), Training);
        File.WriteAllText(Path.Combine(_folder, "texts.json"), JsonSerializer.Serialize(Validation));
        _torchThreads = TranslationTestKit.UseOneTorchThread();
    }

    [ClassCleanup]
    public static void Cleanup()
    {
        TranslationTestKit.RestoreTorchThreads(_torchThreads);
        if (_folder is not null)
            Directory.Delete(_folder, recursive: true);
    }

    [TestMethod]
    [DataRow("bpe")]
    [DataRow("unigram")]
    public void EncodesHeldOutTextToTheReferenceLibrarysIds(string kind)
    {
        var tokenizer = Model(kind);
        var reference = JsonSerializer.Deserialize<int[][]>(File.ReadAllText(Path.Combine(_folder, kind + ".ids.json")))!;
        var ids = new PretrainedTokenVocabulary(tokenizer);
        for (int i = 0; i < Validation.Length; i++)
            CollectionAssert.AreEqual(reference[i], ids.Encode(Validation[i]), $"{kind}, Genesis 2:{i + 1}");
        // The case that needs care: a run of characters the model has no piece for ("OR" of "LORD") is one <unk>.
        Assert.IsTrue(reference[3].Contains(0), "Genesis 2:4 has characters without a piece");
        Assert.AreEqual(reference[3].Length, tokenizer.Tokenizer.EncodeToIds(Validation[3]).Count - 1,
            "Microsoft.ML.Tokenizers alone writes one <unk> per character of the run; the model's vocabulary fuses them");
        // Decoding restores text whose characters the model has pieces for (held-out verses have some it lacks: 'T').
        foreach (string verse in Training.Take(5))
            Assert.AreEqual(verse, ids.Decode(ids.Encode(verse, addBegin: true, addEnd: true)));
        Assert.IsTrue(reference.All(r => r.All(id => id < tokenizer.VocabularySize)));
        StringAssert.StartsWith(tokenizer.ToString(), "SentencePiece tokenizer, ");
    }

    [TestMethod]
    public void ALanguageModelTrainedWithItLoadsFromTheZipWithIdenticalScores()
    {
        var ml = new MLContext(seed: 1);
        var options = TinyOptions(epochs: 4);
        options.Tokenizer = Model("unigram");
        var model = ml.Transforms.Text.SparseLanguageModel(options).Fit(ToDataView(ml, Training));
        var validation = ToDataView(ml, Validation);
        var loaded = ZipRoundTrip.Single<SparseLanguageModelTransformer>(ZipRoundTrip.Load(ZipRoundTrip.Save(ml, model, validation.Schema), out _));
        Assert.AreEqual(options.Tokenizer.VocabularySize + 3, loaded.VocabularySize);
        CollectionAssert.AreEqual(Scores(model, validation).LogLikelihood, Scores(loaded, validation).LogLikelihood);
    }

    /// <summary>The model of <paramref name="kind"/> the reference library trains (once per kind), as a tokenizer.</summary>
    private static LanguageModelTokenizer Model(string kind)
    {
        string path = Path.Combine(_folder, kind + ".model");
        if (!File.Exists(path))
        {
            string script = Path.Combine(_folder, "train_and_encode.py");
            File.WriteAllText(script, TrainAndEncode);
            var (exit, output) = PyTorchProcess.Run(script, _folder, kind);
            Assert.AreEqual(0, exit, output);
        }
        using var stream = File.OpenRead(path);
        return LanguageModelTokenizer.FromSentencePiece(stream);
    }
}
