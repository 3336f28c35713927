// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Persistence;
using Microsoft.ML.Sparse.Scoring;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse.Tests.Persistence;

/// <summary>
/// The extension point for other scorer kinds (e.g. the text Transformer): a text-input scorer registered at run time
/// is saved inside the standard multiclass transformer and loaded back without any change to the transformers.
/// </summary>
[TestClass]
public sealed class ScorerRegistryTests
{
    private const SparseScorerKind TestKind = (SparseScorerKind)200;

    /// <summary>Logits from a text: (length, number of 'a', 1 + bias).</summary>
    private sealed class TextStatsScorer : SparseScorer<ReadOnlyMemory<char>>
    {
        public TextStatsScorer(float bias) => Bias = bias;

        public float Bias { get; }

        public override SparseScorerKind Kind => TestKind;

        public override DataViewType InputType => TextDataViewType.Instance;

        public override int OutputSize => 3;

        public override SparseModelInfo Info => new("text stats", 1, 3, Array.Empty<SparseLayerInfo>(), 0, 0);

        public override void Score(in ReadOnlyMemory<char> input, Span<float> outputs)
        {
            outputs[0] = input.Length;
            outputs[1] = input.Span.Count('a');
            outputs[2] = 1 + Bias;
        }

        public override void Save(BinaryWriter writer) => writer.Write(Bias);

        public static TextStatsScorer Load(BinaryReader reader) => new(reader.ReadSingle());
    }

    private sealed class TextRow
    {
        public string Text { get; set; } = "";
    }

    [TestMethod]
    public void RegisteredTextScorerRoundTripsInsideTheMulticlassTransformer()
    {
        SparseScorerRegistry.Register(TestKind, reader => TextStatsScorer.Load(reader));
        Assert.IsTrue(SparseScorerRegistry.IsRegistered(TestKind));
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new TextRow { Text = "banana" }, new TextRow { Text = "xy" }, new TextRow { Text = "" } });
        var transformer = SparsePredictionTransformerFactory.CreateMulticlass(ml, new TextStatsScorer(2.5f), "Text", new[] { "long", "many a", "short" });

        var loaded = ZipRoundTrip.Single<SparseMulticlassPredictionTransformer>(ZipRoundTrip.RoundTrip(ml, transformer, data.Schema));

        var scorer = Assert.IsInstanceOfType<TextStatsScorer>(loaded.Scorer);
        Assert.AreEqual(2.5f, scorer.Bias);
        Assert.AreEqual(TextDataViewType.Instance, loaded.FeatureColumnType);
        var labels = loaded.Transform(data).GetColumn<uint>("PredictedLabel").ToArray();
        // banana: (6, 3, 3.5) -> long; xy: (2, 0, 3.5) -> short; "": (0, 0, 3.5) -> short.
        CollectionAssert.AreEqual(new uint[] { 1, 3, 3 }, labels);
    }

    [TestMethod]
    public void BuiltInMlpKindNeedsNoRegistration() => Assert.IsTrue(SparseScorerRegistry.IsRegistered(SparseScorerKind.Mlp));

    [TestMethod]
    public void UnknownKindAndEmptyStreamAreCorruptData()
    {
        using var unknown = new BinaryReader(new MemoryStream(new byte[] { 250, 1, 2 }));
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => SparseScorerRegistry.Load(unknown)).Message, "unknown scorer kind 250");
        using var empty = new BinaryReader(new MemoryStream());
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => SparseScorerRegistry.Load(empty)).Message, "ends too early");
    }
}
