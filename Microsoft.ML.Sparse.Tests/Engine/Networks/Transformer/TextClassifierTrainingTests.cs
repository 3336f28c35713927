// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Samples.Datasets;
using Microsoft.ML.Sparse.Text;
using static Microsoft.ML.Sparse.Tests.Engine.Networks.Transformer.TransformerTestKit;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Networks.Transformer;

namespace Microsoft.ML.Sparse.Tests.Engine.Networks.Transformer;

[DatasetTestClass]
[TestCategory(TestLanes.Dataset)]
public sealed class TextClassifierTrainingTests
{
    [TestCategory(TestLanes.Slow)]
    [TestMethod]
    public void SparseClassifierLearnsSpamAssassinSliceAndKeepsMasks()
    {
        // 200 real e-mails: every 40th ham and every 19th spam (deterministic slice).
        var all = SpamAssassinCorpus.Read();
        var ham = all.Where(e => e.Label == "ham").Where((_, i) => i % 40 == 0).Take(100);
        var spam = all.Where(e => e.Label == "spam").Where((_, i) => i % 19 == 0).Take(100);
        var slice = ham.Concat(spam).ToList();
        var vocabulary = SubwordVocabulary.Train(slice.Select(e => e.Text), new BpeTrainingOptions { VocabularySize = 800, LowerCase = true });
        var ids = slice.Select(e => (IReadOnlyList<int>)vocabulary.Encode(e.Text, maxLength: 64)).ToList();
        var labels = slice.Select(e => e.Label == "spam" ? 1L : 0L).ToArray();

        var architecture = new TransformerArchitecture
        {
            Task = TransformerTask.TextClassification, ModelDim = 32, Heads = 2, FeedForwardDim = 64, EncoderLayers = 1,
            Dropout = 0.0, AttentionDropout = 0.0, MaxLength = 64, SourceVocabularySize = vocabulary.Size, ClassCount = 2,
            PadId = vocabulary.PadId,
        };
        using var model = Build(() => new TransformerTextClassifier(architecture), 7);
        SetRandomMasks(model.SparseLinears, density: 0.1, seed: 8);
        var activeBefore = model.SparseLinears.Select(l => l.ActiveLinks).ToArray();
        using var optimizer = optim.Adam(model.parameters(), lr: 3e-3);

        var order = Enumerable.Range(0, slice.Count).ToArray();
        new Random(9).Shuffle(order);
        var losses = new List<float>();
        model.train();
        for (int step = 0; step < 60; step++)
        {
            using var scope = NewDisposeScope();
            var batch = Enumerable.Range(0, 20).Select(i => order[(step * 20 + i) % order.Length]).ToArray();
            var input = TokenBatch.Pad(batch.Select(i => ids[i]).ToList(), vocabulary.PadId);
            var target = tensor(batch.Select(i => labels[i]).ToArray());
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.forward(input), target);
            loss.backward();
            foreach (var layer in model.SparseLinears)
                layer.MaskGradient();
            optimizer.step();
            foreach (var layer in model.SparseLinears)
                layer.ApplyMask();
            losses.Add(loss.item<float>());
        }

        float first = losses.Take(5).Average(), last = losses.TakeLast(5).Average();
        Console.WriteLine($"loss (mean of 5 steps) {first:F4} -> {last:F4}");
        Assert.IsTrue(last < 0.6f * first, $"loss {first:F3} → {last:F3}");
        CollectionAssert.AreEqual(activeBefore, model.SparseLinears.Select(l => l.ActiveLinks).ToArray());
        foreach (var layer in model.SparseLinears)
        {
            Assert.IsTrue(MaskedWeightsAreZero(layer), layer.GetName());
            Assert.AreEqual(0.1, layer.Density, 0.005, layer.GetName());
        }

        model.eval();
        using (var scope = NewDisposeScope())
        {
            var predicted = model.forward(TokenBatch.Pad(ids, vocabulary.PadId)).argmax(1).data<long>().ToArray();
            double accuracy = predicted.Zip(labels).Count(p => p.First == p.Second) / (double)labels.Length;
            Console.WriteLine($"training accuracy {accuracy:P1}");
            Assert.IsTrue(accuracy > 0.9, $"training accuracy {accuracy:P1}");
        }
    }
}
