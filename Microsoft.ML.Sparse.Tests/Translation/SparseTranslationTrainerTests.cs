// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Persistence;
using static Microsoft.ML.Sparse.Tests.Translation.TranslationTestKit;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Torch;

namespace Microsoft.ML.Sparse.Tests.Translation;

/// <summary>Training through the ML.NET estimator on 200 real Ding EN-DE pairs (one CHTss model shared by the tests).</summary>
[DatasetTestClass]
[TestCategory(TestLanes.Dataset)]
public sealed class SparseTranslationTrainerTests
{
    private static MLContext _ml = null!;
    private static SparseTranslationTrainer _trainer = null!;
    private static SparseTranslationTransformer _model = null!;
    private static List<SparseTrainingProgress> _progress = null!;
    private static IDataView _test = null!;

    private static int _torchThreads;

    [ClassInitialize]
    public static void Train(TestContext _)
    {
        _torchThreads = UseOneTorchThread();
        var fixture = Shared;
        _ml = fixture.Ml;
        _trainer = fixture.Trainer;
        _model = fixture.Model;
        _progress = fixture.Progress;
        _test = ToDataView(_ml, TrainPairs(12));
    }

    [ClassCleanup]
    public static void RestoreThreads() => RestoreTorchThreads(_torchThreads);

    [TestMethod]
    public void TrainingLowersTheLossAndReportsEpochsWithValidation()
    {
        var summary = _model.TrainingSummary!;
        Assert.IsNotNull(summary);
        Assert.HasCount(8, summary.Epochs);
        double first = summary.Epochs[0].TrainingLoss, last = summary.Epochs[^1].TrainingLoss;
        Console.WriteLine(string.Join(", ", summary.Epochs.Select(e => $"{e.TrainingLoss:F3}/{e.ValidationLoss:F3}/{e.ValidationAccuracy:P1}")));
        Assert.IsTrue(last < 0.8 * first, $"training loss {first:F3} → {last:F3}");
        Assert.IsTrue(summary.Epochs.All(e => e.ValidationLoss is > 0 && e.ValidationAccuracy is >= 0 and <= 1));
        Assert.IsTrue(summary.Epochs[^1].ValidationLoss < summary.Epochs[0].ValidationLoss, "validation loss must fall too");
        Assert.AreEqual(80, summary.Steps);
        Assert.AreEqual(8, _progress.Count(p => p.Kind == TrainingProgressKind.Epoch));
        Assert.AreEqual(1, _progress.Count(p => p.Kind == TrainingProgressKind.Completed));
        Assert.AreEqual(summary.TopologyRounds.Count, _progress.Count(p => p.Kind == TrainingProgressKind.TopologyRound));
        Assert.AreEqual("CPU", summary.Device);
    }

    [TestMethod]
    public void EverySparseLayerHoldsExactlyTheTargetDensityWithZeroMaskedWeights()
    {
        var layers = _model.Network.Network.SparseLinears;
        Assert.HasCount(16, layers, "encoder 1×(4 + 2) + decoder 1×(4 + 4 + 2) linear layers");
        Assert.IsGreaterThan(0, _model.TrainingSummary!.TopologyRounds.Count);
        foreach (var layer in layers)
        {
            Assert.AreEqual(TargetLinkCount.For(layer.OutFeatures, layer.InFeatures, 0.1), layer.ActiveLinks, layer.GetName());
            Assert.IsTrue(Engine.Networks.Transformer.TransformerTestKit.MaskedWeightsAreZero(layer), layer.GetName());
        }
        var info = _model.Model;
        Assert.HasCount(16, info.Layers);
        Assert.AreEqual(layers.Sum(l => l.ActiveLinks), info.ActiveLinks);
        Assert.AreEqual(0.1, info.Density, 0.001);
        Assert.AreEqual(_model.SourceVocabularySize, info.InputSize);
        Assert.IsTrue(_model.SharesVocabulary);
    }

    [TestMethod]
    public void TransformAddsATextColumnWithTranslations()
    {
        var output = _model.Transform(_test);
        var column = output.Schema["PredictedTarget"];
        Assert.AreEqual(TextDataViewType.Instance, column.Type);
        var predictions = output.GetColumn<string>("PredictedTarget").ToArray();
        Assert.HasCount(12, predictions);
        Assert.IsTrue(predictions.Count(p => p.Length > 0) >= 10, string.Join(" | ", predictions));
        CollectionAssert.AreEqual(predictions, _model.Translate(TrainPairs(12).Select(p => p.Source)).ToArray(), "batched Translate = row-by-row Transform");
        Console.WriteLine(string.Join("\n", TrainPairs(4).Zip(predictions).Select(x => $"{x.First.Source} => {x.Second}  [{x.First.Target}]")));
    }

    [TestMethod]
    public void GetOutputSchemaAddsTheTextColumnAndChecksTheInputs()
    {
        var shape = _trainer.GetOutputSchema(SchemaShapeHelper.FromSchema(_test.Schema));
        Assert.IsTrue(SchemaShapeHelper.TryFindColumn(shape, "PredictedTarget", out var column));
        Assert.AreEqual(TextDataViewType.Instance, column.ItemType);
        Assert.AreEqual(SchemaShape.Column.VectorKind.Scalar, column.Kind);
        var noTarget = _ml.Data.LoadFromEnumerable(new[] { new Prediction() });
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _trainer.GetOutputSchema(SchemaShapeHelper.FromSchema(noTarget.Schema)));
        StringAssert.Contains(ex.Message, "'Source' was not found");
    }

    [TestMethod]
    public void BeamSearchAndGreedyBothRunAndBeamOfOneIsGreedy()
    {
        var sources = TrainPairs(8).Select(p => p.Source).ToList();
        var greedy = _model.Translate(sources);
        var beamOne = _model.WithDecoding(TranslationDecodingStrategy.BeamSearch, beamSize: 1, lengthPenalty: 0).Translate(sources);
        var beam = _model.WithDecoding(TranslationDecodingStrategy.BeamSearch, beamSize: 3);
        var beamed = beam.Translate(sources);
        CollectionAssert.AreEqual(greedy.ToArray(), beamOne.ToArray());
        Assert.IsTrue(beamed.Count(b => b.Length > 0) >= 6);
        CollectionAssert.AreEqual(beamed.ToArray(), Predictions(beam, ToDataView(_ml, TrainPairs(8))), "Transform uses the beam settings");
        Assert.AreEqual(TranslationDecodingStrategy.BeamSearch, beam.Decoding);
        Assert.AreEqual(3, beam.BeamSize);
        Assert.AreEqual(TranslationDecodingStrategy.Greedy, _model.Decoding);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _model.WithDecoding(TranslationDecodingStrategy.BeamSearch, beamSize: 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _model.WithDecoding(TranslationDecodingStrategy.Greedy, maxOutputTokens: 32));
    }

    [TestMethod]
    public void MaxOutputTokensCapsEveryTranslation()
    {
        var capped = _model.WithDecoding(TranslationDecodingStrategy.Greedy, maxOutputTokens: 3);
        foreach (string translation in capped.Translate(TrainPairs(10).Select(p => p.Source)))
            Assert.IsLessThanOrEqualTo(3, translation.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length, translation); // a token starts at most one word
        Assert.AreEqual("", _model.Translate("   "), "whitespace translates to empty text");
    }
}
