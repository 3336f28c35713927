// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Samples.Datasets;
using Microsoft.ML.Sparse.Text;
using static Microsoft.ML.Sparse.Tests.Engine.Networks.Transformer.TransformerTestKit;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core.Schedules;
using Microsoft.ML.Sparse.Engine.Networks.Transformer;

namespace Microsoft.ML.Sparse.Tests.Engine.Networks.Transformer;

[DatasetTestClass]
[TestCategory(TestLanes.Dataset)]
public sealed class Seq2SeqTrainingAndDecodingTests
{
    private static SubwordVocabulary _vocabulary = null!;
    private static Seq2SeqTransformer _model = null!;
    private static List<float> _losses = null!;
    private static List<IReadOnlyList<int>> _sources = null!;

    [ClassInitialize]
    public static void Train(TestContext _)
    {
        var pairs = DingSentencePairs.ReadSplit(seed: 1).Train.Take(200).ToList();
        _vocabulary = SubwordVocabulary.Train(pairs.Select(p => p.Source).Concat(pairs.Select(p => p.Target)),
                                              new BpeTrainingOptions { VocabularySize = 600 });
        _sources = pairs.Select(p => (IReadOnlyList<int>)_vocabulary.Encode(p.Source, 32, addEnd: true)).ToList();
        var targets = pairs.Select(p => (IReadOnlyList<int>)_vocabulary.Encode(p.Target, 32, addBegin: true, addEnd: true)).ToList();
        var architecture = new TransformerArchitecture
        {
            Task = TransformerTask.SequenceToSequence, ModelDim = 32, Heads = 2, FeedForwardDim = 64, EncoderLayers = 1, DecoderLayers = 1,
            Dropout = 0.0, AttentionDropout = 0.0, MaxLength = 48, SourceVocabularySize = _vocabulary.Size,
            TargetVocabularySize = _vocabulary.Size, ShareEmbeddings = true, PadId = _vocabulary.PadId,
        };
        _model = Build(() => new Seq2SeqTransformer(architecture), 17);
        SetRandomMasks(_model.SparseLinears, density: 0.1, seed: 18);
        using var optimizer = optim.Adam(_model.parameters(), lr: 1e-3, beta2: 0.998);
        _losses = new List<float>();
        _model.train();
        for (int step = 1; step <= 80; step++)
        {
            using var scope = NewDisposeScope();
            var batch = Enumerable.Range(0, 20).Select(i => ((step - 1) * 20 + i) % pairs.Count).ToArray();
            var source = TokenBatch.Pad(batch.Select(i => _sources[i]).ToList(), _vocabulary.PadId);
            var (decoderInput, labels) = TokenBatch.ShiftForTeacherForcing(batch.Select(i => targets[i]).ToList(), _vocabulary.PadId);
            foreach (var group in optimizer.ParamGroups)
                group.LearningRate = NoamSchedule.IterativeNoam(step, 32, warmupSteps: 10, updateInterval: 25, rampSteps: 5, factor: 0.15);
            optimizer.zero_grad();
            var loss = LabelSmoothedCrossEntropy.Compute(_model.forward(source, decoderInput), labels, smoothing: 0.1, _vocabulary.PadId);
            loss.backward();
            foreach (var layer in _model.SparseLinears)
                layer.MaskGradient();
            optimizer.step();
            foreach (var layer in _model.SparseLinears)
                layer.ApplyMask();
            _losses.Add(loss.item<float>());
        }
    }

    [ClassCleanup]
    public static void Dispose() => _model?.Dispose();

    [TestMethod]
    public void TrainingLowersTheLossAndKeepsMasks()
    {
        float first = _losses.Take(5).Average(), last = _losses.TakeLast(5).Average();
        Console.WriteLine($"loss (mean of 5 steps) {first:F4} -> {last:F4}");
        Assert.IsTrue(last < 0.8f * first, $"loss {first:F3} → {last:F3}");
        Assert.IsTrue(_model.SparseLinears.All(MaskedWeightsAreZero));
    }

    [TestMethod]
    public void GreedyAndBeamSearchProduceValidDeterministicSequences()
    {
        using var scope = NewDisposeScope();
        var source = TokenBatch.Pad(_sources.Take(6).ToList(), _vocabulary.PadId);
        var options = new DecodingOptions { MaxLength = 20, BeginId = _vocabulary.BeginId, EndId = _vocabulary.EndId };
        var greedy = TransformerDecoding.Greedy(_model, source, options);
        var beamOne = TransformerDecoding.BeamSearch(_model, source, options with { BeamSize = 1 });
        var beamThree = TransformerDecoding.BeamSearch(_model, source, options with { BeamSize = 3, LengthPenaltyAlpha = 0.6 });
        var beamThreeAgain = TransformerDecoding.Decode(_model, source, options with { BeamSize = 3, LengthPenaltyAlpha = 0.6 });
        Assert.AreEqual(6, greedy.Length);
        for (int i = 0; i < greedy.Length; i++)
        {
            CollectionAssert.AreEqual(greedy[i], beamOne[i], $"sentence {i}: beam size 1 must equal greedy");
            CollectionAssert.AreEqual(beamThree[i], beamThreeAgain[i], $"sentence {i}: beam search must be deterministic");
            foreach (var hypothesis in new[] { greedy[i], beamThree[i] })
            {
                Assert.IsTrue(hypothesis.Length <= options.MaxLength);
                Assert.IsTrue(hypothesis.All(t => t >= 4 && t < _vocabulary.Size), string.Join(",", hypothesis));
                Assert.IsNotNull(_vocabulary.Decode(hypothesis));
            }
        }
        Assert.IsTrue(greedy.Any(h => h.Length > 0), "some output must be produced");
        Assert.IsTrue(_model.training, "decoding restores the training flag");
    }

    [TestMethod]
    public void DecodingRejectsLengthsBeyondThePositionalTable()
    {
        using var scope = NewDisposeScope();
        var source = TokenBatch.Pad(_sources.Take(1).ToList(), _vocabulary.PadId);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TransformerDecoding.Greedy(_model, source, new DecodingOptions { MaxLength = 48 }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TransformerDecoding.BeamSearch(_model, source, new DecodingOptions { BeamSize = 0 }));
    }
}
