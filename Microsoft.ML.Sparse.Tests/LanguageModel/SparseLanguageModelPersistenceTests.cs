// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Reflection;
using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Tests.Persistence;
using static Microsoft.ML.Sparse.Tests.LanguageModel.LanguageModelTestKit;
using Microsoft.ML.Sparse.Tests.Translation;

namespace Microsoft.ML.Sparse.Tests.LanguageModel;

/// <summary>Save/Load of the language-model transformer: identical scores and text, compact weights, damaged zips.</summary>
[TestClass]
public sealed class SparseLanguageModelPersistenceTests
{
    private static int _torchThreads;
    private static byte[] _zip = null!;

    [ClassInitialize]
    public static void Setup(TestContext _)
    {
        _torchThreads = TranslationTestKit.UseOneTorchThread();
        _zip = ZipRoundTrip.Save(Shared.Ml, Shared.Model, ToDataView(Shared.Ml, Validation).Schema);
    }

    [ClassCleanup]
    public static void RestoreThreads() => TranslationTestKit.RestoreTorchThreads(_torchThreads);

    [TestMethod]
    public void SaveAndLoadGiveBitForBitEqualScoresAndTheSameGeneratedText()
    {
        var loaded = ZipRoundTrip.Single<SparseLanguageModelTransformer>(ZipRoundTrip.Load(_zip, out var schema));
        Assert.AreEqual(TextDataViewType.Instance, schema["Text"].Type);
        Assert.AreEqual("Text", loaded.TextColumnName);
        Assert.AreEqual(Shared.Model.MaxTokens, loaded.MaxTokens);
        Assert.AreEqual(Shared.Model.Model.ToString(), loaded.Model.ToString());
        var data = ToDataView(Shared.Ml, Validation.Concat(Training.Take(5)));
        var (ll, tokens, perplexity) = Scores(Shared.Model, data);
        var (ll2, tokens2, perplexity2) = Scores(loaded, data);
        CollectionAssert.AreEqual(ll, ll2);
        CollectionAssert.AreEqual(tokens, tokens2);
        CollectionAssert.AreEqual(perplexity, perplexity2);
        var options = new TextGenerationOptions { Seed = 3, MaxNewTokens = 15 };
        Assert.AreEqual(Shared.Model.Generate("And the", options), loaded.Generate("And the", options));
        Assert.IsNull(loaded.TrainingSummary);
    }

    [TestMethod]
    public void SparseProjectionsAreStoredAsLinksAndValues()
    {
        int weightsBytes = ZipEntries.Read(_zip, "Weights.bin").Length;
        var layers = Shared.Model.Model.Layers;
        long sparseAsDense = layers.Sum(l => 4L * l.InputSize * l.OutputSize);
        long sparseCompact = layers.Sum(l => 8L * l.ActiveLinks);
        Assert.IsTrue(weightsBytes < TotalParameterBytes() - sparseAsDense + sparseCompact + 4096,
            $"Weights.bin holds {weightsBytes} bytes; the links of the sparse projections take {sparseCompact}, dense they would take {sparseAsDense}");
    }

    [TestMethod]
    public void DamagedZipsGiveClearInvalidDataErrors()
    {
        StringAssert.Contains(LoadFailure(ZipEntries.Edit(_zip, "Weights.bin", b => { b[b.Length / 2] ^= 0x10; return b; })).Message, "checksum mismatch");
        StringAssert.Contains(LoadFailure(ZipEntries.Edit(_zip, "Weights.bin", b => b[..(b.Length - 9)])).Message, "truncated");
        StringAssert.Contains(LoadFailure(ZipEntries.Edit(_zip, "Weights.bin", _ => null)).Message, "'Weights.bin' is missing");
        StringAssert.Contains(LoadFailure(ZipEntries.Edit(_zip, "Architecture.json", b => b[..(b.Length / 2)])).Message, "malformed");
        StringAssert.Contains(LoadFailure(ZipEntries.Edit(_zip, "Architecture.json", b => System.Text.Encoding.UTF8.GetBytes(
            System.Text.Encoding.UTF8.GetString(b).Replace("\"Task\": \"LanguageModel\"", "\"Task\": \"TextClassification\"")))).Message, "Architecture");
        StringAssert.Contains(LoadFailure(ZipEntries.Edit(_zip, "Vocabulary.bin", b => b[..(b.Length / 3)])).Message, "Vocabulary.bin");
        var ex = Assert.ThrowsExactly<FormatException>(() => ZipRoundTrip.Load(_zip[..(_zip.Length / 2)], out _));
        StringAssert.Contains(ex.Message, "Failed to open a zip archive");
    }

    private static long TotalParameterBytes()
    {
        var a = Shared.Model.Network.Network.Architecture;
        long embeddingAndHead = 2L * a.SourceVocabularySize * a.ModelDim;
        long norms = a.ModelDim * (2L * a.DecoderLayers + 1);
        long projections = Shared.Model.Model.Layers.Sum(l => (long)l.InputSize * l.OutputSize);
        return 4 * (embeddingAndHead + norms + projections);
    }

    internal static InvalidDataException LoadFailure(byte[] zip)
    {
        var ex = Assert.ThrowsExactly<TargetInvocationException>(() => ZipRoundTrip.Load(zip, out _));
        var inner = Assert.IsInstanceOfType<InvalidDataException>(ex.InnerException);
        StringAssert.Contains(inner.Message, "language model is corrupt");
        return inner;
    }
}
