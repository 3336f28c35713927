// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Tests.Persistence;
using Microsoft.ML.Sparse.Tests.Translation;
using Microsoft.ML.Sparse.Text;
using static Microsoft.ML.Sparse.Tests.LanguageModel.LanguageModelTestKit;

namespace Microsoft.ML.Sparse.Tests.LanguageModel;

/// <summary>A user's pretrained tokenizer for the language model: GPT-2 files, training, scoring, generation, the zip.</summary>
[TestClass]
public sealed class LanguageModelTokenizerTests
{
    private static int _torchThreads;

    [ClassInitialize]
    public static void Setup(TestContext _) => _torchThreads = TranslationTestKit.UseOneTorchThread();

    [ClassCleanup]
    public static void RestoreThreads() => TranslationTestKit.RestoreTorchThreads(_torchThreads);

    [TestMethod]
    public void Gpt2FilesEncodeWithTheirMergesAndDecodeExactly()
    {
        var tokenizer = Gpt2TestFiles.Tokenizer();
        var vocabulary = Gpt2TestFiles.Vocabulary();
        Assert.AreEqual(256 + Gpt2TestFiles.Merges.Length + 1, tokenizer.VocabularySize);
        StringAssert.Contains(tokenizer.ToString(), "GPT-2 byte-level BPE tokenizer, 284 ids");
        var ids = new PretrainedTokenVocabulary(tokenizer);
        Assert.AreEqual((284, 285, 286, 287), (ids.PadId, ids.BeginId, ids.EndId, ids.Size));

        var encoded = ids.Encode("And God saw the light", addBegin: true, addEnd: true);
        int[] expected = { ids.BeginId, vocabulary["A"], vocabulary["nd"], vocabulary["ĠGod"], vocabulary["Ġ"], vocabulary["s"], vocabulary["a"],
                           vocabulary["w"], vocabulary["Ġthe"], vocabulary["Ġlight"], ids.EndId };
        CollectionAssert.AreEqual(expected, encoded);
        Assert.AreEqual("And God saw the light", ids.Decode(encoded));

        const string unusual = "  naïve café, 40°C — ok?\tyes 😀";
        Assert.AreEqual(unusual, ids.Decode(ids.Encode(unusual)), "byte-level BPE restores any text");
        var cut = ids.Encode("And the earth was without form, and void", maxLength: 5, addBegin: true, addEnd: true);
        Assert.AreEqual(5, cut.Length);
        Assert.AreEqual(ids.EndId, cut[^1]);
        Assert.AreEqual("And the", ids.Decode(cut));
        Assert.AreEqual("", ids.Decode(new[] { ids.PadId, ids.BeginId, ids.EndId, vocabulary["A"] }), "decoding stops at </s>");
    }

    [TestMethod]
    public void FilesThatAreNotATokenizerAreRejectedNamingTheParameter()
    {
        var json = Assert.ThrowsExactly<ArgumentException>(() => LanguageModelTokenizer.FromGpt2Files(new MemoryStream("not json"u8.ToArray()), Gpt2TestFiles.MergesText()));
        Assert.AreEqual("vocabularyJson", json.ParamName);
        StringAssert.Contains(json.Message, "not a GPT-2 byte-level BPE tokenizer");
        var piece = Assert.ThrowsExactly<ArgumentException>(() => LanguageModelTokenizer.FromSentencePiece(new MemoryStream(new byte[] { 1, 2, 3, 250, 7 })));
        Assert.AreEqual("model", piece.ParamName);
        StringAssert.Contains(piece.Message, "not a SentencePiece model");
        Assert.ThrowsExactly<ArgumentNullException>(() => LanguageModelTokenizer.FromSentencePiece(null!));
    }

    [TestMethod]
    public void TrainsScoresAndGeneratesWithTheTokenizerAndTheZipCarriesIt()
    {
        var ml = new MLContext(seed: 1);
        var tokenizer = Gpt2TestFiles.Tokenizer();
        var options = TinyOptions(epochs: 12);
        options.Tokenizer = tokenizer;
        var model = ml.Transforms.Text.SparseLanguageModel(options).Fit(ToDataView(ml, Training));
        Assert.AreEqual(tokenizer.VocabularySize + 3, model.VocabularySize);

        var validation = ToDataView(ml, Validation);
        var (ll, tokens, perplexity) = Scores(model, validation);
        double pooled = Math.Exp(-ll.Sum() / tokens.Sum());
        Assert.IsTrue(pooled < model.VocabularySize / 4.0, $"held-out perplexity {pooled:F1} should be far below the {model.VocabularySize} of a uniform guess");
        string generated = model.Generate("And God", new TextGenerationOptions { Seed = 5, MaxNewTokens = 12 });
        StringAssert.StartsWith(generated, "And God");

        byte[] zip = ZipRoundTrip.Save(ml, model, validation.Schema);
        var names = ZipEntries.Names(zip);
        Assert.IsTrue(names.Any(n => n.EndsWith("Tokenizer.bin", StringComparison.Ordinal)), string.Join(", ", names));
        Assert.IsFalse(names.Any(n => n.EndsWith("Vocabulary.bin", StringComparison.Ordinal)), string.Join(", ", names));
        var loaded = ZipRoundTrip.Single<SparseLanguageModelTransformer>(ZipRoundTrip.Load(zip, out _));
        var (ll2, tokens2, perplexity2) = Scores(loaded, validation);
        CollectionAssert.AreEqual(ll, ll2);
        CollectionAssert.AreEqual(tokens, tokens2);
        CollectionAssert.AreEqual(perplexity, perplexity2);
        Assert.AreEqual(generated, loaded.Generate("And God", new TextGenerationOptions { Seed = 5, MaxNewTokens = 12 }));

        StringAssert.Contains(SparseLanguageModelPersistenceTests.LoadFailure(ZipEntries.Edit(zip, "Tokenizer.bin", b => b[..(b.Length / 2)])).Message, "Tokenizer.bin");
        int formatByte = 1 + "MLSP.LanguageModelTokenizer".Length + 4;
        StringAssert.Contains(SparseLanguageModelPersistenceTests.LoadFailure(ZipEntries.Edit(zip, "Tokenizer.bin", b => { b[formatByte] = 9; return b; })).Message,
            "Unknown tokenizer format 9");
    }
}
