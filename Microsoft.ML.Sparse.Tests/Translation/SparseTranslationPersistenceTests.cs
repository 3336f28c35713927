// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Reflection;
using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Tests.Persistence;
using static Microsoft.ML.Sparse.Tests.Translation.TranslationTestKit;

namespace Microsoft.ML.Sparse.Tests.Translation;

/// <summary>Save/Load, PredictionEngine, pipelines and damaged zips of the translation transformer.</summary>
[DatasetTestClass]
[TestCategory(TestLanes.Dataset)]
public sealed class SparseTranslationPersistenceTests
{
    private static MLContext _ml = null!;
    private static SparseTranslationTransformer _model = null!;
    private static IDataView _data = null!;
    private static byte[] _zip = null!;

    private static int _torchThreads;

    [ClassInitialize]
    public static void Setup(TestContext _)
    {
        _torchThreads = UseOneTorchThread();
        _ml = Shared.Ml;
        _model = Shared.Model;
        _data = ToDataView(_ml, TrainPairs(200).Skip(100).Take(16));
        _zip = ZipRoundTrip.Save(_ml, _model, _data.Schema);
    }

    [ClassCleanup]
    public static void RestoreThreads() => RestoreTorchThreads(_torchThreads);

    [TestMethod]
    public void SaveAndLoadInAFreshContextGivesOurTypeAndIdenticalTranslations()
    {
        var loaded = ZipRoundTrip.Single<SparseTranslationTransformer>(ZipRoundTrip.Load(_zip, out var schema));
        Assert.AreEqual(TextDataViewType.Instance, schema["Source"].Type);
        Assert.AreEqual("Source", loaded.SourceColumnName);
        Assert.AreEqual("PredictedTarget", loaded.OutputColumnName);
        Assert.AreEqual(_model.Decoding, loaded.Decoding);
        Assert.AreEqual(_model.MaxTokens, loaded.MaxTokens);
        Assert.AreEqual(_model.SourceVocabularySize, loaded.SourceVocabularySize);
        Assert.AreEqual(_model.Model.ToString(), loaded.Model.ToString());
        var expected = Predictions(_model, _data);
        CollectionAssert.AreEqual(expected, Predictions(loaded, _data));
        Assert.IsTrue(expected.Count(e => e.Length > 0) >= 12);
        CollectionAssert.AreEqual(Weights(_model), Weights(loaded), "weights and masks round-trip bit for bit");
    }

    [TestMethod]
    public void BeamSearchSettingsAndSeparateVocabulariesRoundTrip()
    {
        var ml = new MLContext(seed: 1);
        var options = TinyOptions(epochs: 2);
        options.ShareVocabulary = false;
        options.ShareEmbeddings = false;
        options.VocabularySize = 300;
        options.Decoding = TranslationDecodingStrategy.BeamSearch;
        options.BeamSize = 2;
        options.LengthPenalty = 1.0;
        options.MaxOutputTokens = 12;
        var model = ml.Transforms.Text.SparseTranslation(options).Fit(ToDataView(ml, TrainPairs(100)));
        Assert.IsFalse(model.SharesVocabulary);
        Assert.IsFalse(model.Network.SourceVocabulary.Model.Tokens.SequenceEqual(model.Network.TargetVocabulary.Model.Tokens), "one vocabulary per language");
        var loaded = ZipRoundTrip.Single<SparseTranslationTransformer>(ZipRoundTrip.RoundTrip(ml, model, _data.Schema));
        Assert.IsFalse(loaded.SharesVocabulary);
        Assert.AreEqual(TranslationDecodingStrategy.BeamSearch, loaded.Decoding);
        Assert.AreEqual(2, loaded.BeamSize);
        Assert.AreEqual(1.0, loaded.LengthPenalty);
        Assert.AreEqual(12, loaded.MaxOutputTokens);
        Assert.AreEqual(model.TargetVocabularySize, loaded.TargetVocabularySize);
        CollectionAssert.AreEqual(Predictions(model, _data), Predictions(loaded, _data));
    }

    [TestMethod]
    public void PredictionEngineTranslatesLikeTransformAndEnginesShareTheModelAcrossThreads()
    {
        var pairs = TrainPairs(200).Skip(100).Take(16).ToList();
        var expected = Predictions(_model, _data);
        var engine = _ml.Model.CreatePredictionEngine<Pair, Prediction>(_model);
        CollectionAssert.AreEqual(expected, pairs.Select(p => engine.Predict(p).PredictedTarget).ToArray());

        var loaded = ZipRoundTrip.Load(_zip, out _);
        var results = new string[4][];
        Parallel.For(0, 4, t =>
        {
            var own = new MLContext(1).Model.CreatePredictionEngine<Pair, Prediction>(t % 2 == 0 ? _model : loaded);
            results[t] = pairs.Select(p => own.Predict(p).PredictedTarget).ToArray();
        });
        foreach (var r in results)
            CollectionAssert.AreEqual(expected, r);
    }

    [TestMethod]
    public void APipelineWithTheTranslatorSavesAndLoads()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(TrainPairs(100).Select(p => new EnglishGerman { English = p.Source, German = p.Target }));
        var options = TinyOptions(epochs: 1);
        options.SourceColumnName = "Source";
        options.TargetColumnName = "Target";
        options.OutputColumnName = "German";
        options.MaxOutputTokens = 8; // barely trained: keep decoding short
        var pipeline = ml.Transforms.CopyColumns("Source", "English")
            .Append(ml.Transforms.CopyColumns("Target", "German"))
            .Append(ml.Transforms.Text.SparseTranslation(options));
        var model = pipeline.Fit(data);
        var output = model.Transform(data);
        Assert.AreEqual(TextDataViewType.Instance, output.Schema["German"].Type);
        var loaded = ZipRoundTrip.RoundTrip(ml, model, data.Schema);
        var chain = (TransformerChain<ITransformer>)loaded;
        Assert.IsInstanceOfType<SparseTranslationTransformer>(chain.Last());
        var expected = output.GetColumn<string>("German").Take(10).ToArray();
        CollectionAssert.AreEqual(expected, loaded.Transform(data).GetColumn<string>("German").Take(10).ToArray());
        CollectionAssert.AreNotEqual(data.GetColumn<string>("German").Take(10).ToArray(), expected, "the output column replaces the input one");
    }

    [TestMethod]
    public void TransformRejectsASourceColumnThatIsNotText()
    {
        var numbers = _ml.Data.LoadFromEnumerable(new[] { new NumericSource { Source = 1 } });
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _model.Transform(numbers));
        StringAssert.Contains(ex.Message, "'Source' must be of type String (Text)");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _model.GetOutputSchema(_ml.Data.LoadFromEnumerable(new[] { new Prediction() }).Schema));
    }

    [TestMethod]
    public void DamagedEntriesGiveClearInvalidDataErrors()
    {
        StringAssert.Contains(LoadFailure(ZipEntries.Edit(_zip, "Weights.bin", b => { b[b.Length / 2] ^= 0x10; return b; })).Message, "checksum mismatch");
        StringAssert.Contains(LoadFailure(ZipEntries.Edit(_zip, "Weights.bin", b => b[..(b.Length - 9)])).Message, "truncated");
        StringAssert.Contains(LoadFailure(ZipEntries.Edit(_zip, "Weights.bin", _ => null)).Message, "'Weights.bin' is missing");
        StringAssert.Contains(LoadFailure(ZipEntries.Edit(_zip, "Architecture.json", _ => null)).Message, "'Architecture.json' is missing");
        StringAssert.Contains(LoadFailure(ZipEntries.Edit(_zip, "Architecture.json", b => b[..(b.Length / 2)])).Message, "malformed");
        StringAssert.Contains(LoadFailure(ZipEntries.Edit(_zip, "Architecture.json", b => System.Text.Encoding.UTF8.GetBytes(
            System.Text.Encoding.UTF8.GetString(b).Replace("\"ModelDim\": 32", "\"ModelDim\": 16")))).Message, "[");
        StringAssert.Contains(LoadFailure(ZipEntries.Edit(_zip, "SourceVocabulary.bin", b => b[..(b.Length / 3)])).Message, "truncated");
        StringAssert.Contains(LoadFailure(ZipEntries.Edit(_zip, "SourceVocabulary.bin", b => { b[2] ^= 0x20; return b; })).Message, "vocabulary");
        var ex = Assert.ThrowsExactly<FormatException>(() => ZipRoundTrip.Load(_zip[..(_zip.Length / 2)], out _));
        StringAssert.Contains(ex.Message, "Failed to open a zip archive");
    }

    private static byte[] Weights(SparseTranslationTransformer model)
    {
        using var stream = new MemoryStream();
        model.Network.WriteWeights(stream);
        return stream.ToArray();
    }

    private static InvalidDataException LoadFailure(byte[] zip)
    {
        var ex = Assert.ThrowsExactly<TargetInvocationException>(() => ZipRoundTrip.Load(zip, out _));
        var inner = Assert.IsInstanceOfType<InvalidDataException>(ex.InnerException);
        StringAssert.Contains(inner.Message, "translation model is corrupt");
        return inner;
    }

    private sealed class EnglishGerman
    {
        public string English { get; set; } = "";

        public string German { get; set; } = "";
    }

    private sealed class NumericSource
    {
        public float Source { get; set; }
    }

    [TestMethod]
    public void ConvertToOnnxNamesTheTranslationTransformerAsUnsupported()
    {
        var error = Assert.ThrowsExactly<NotSupportedException>(() => OnnxTestKit.Export(_ml, _model, _data));
        StringAssert.Contains(error.Message, "ONNX export supports the sparse MLP models only");
        StringAssert.Contains(error.Message, "translation transformer");
    }
}
