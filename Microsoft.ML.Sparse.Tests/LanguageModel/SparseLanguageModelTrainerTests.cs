// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static Microsoft.ML.Sparse.Tests.LanguageModel.LanguageModelTestKit;
using Microsoft.ML.Sparse.Tests.Translation;
using Microsoft.ML.Sparse.Engine.Core;

namespace Microsoft.ML.Sparse.Tests.LanguageModel;

/// <summary>Training, density, determinism, scoring, generation and the evaluator of the sparse language model.</summary>
[TestClass]
public sealed class SparseLanguageModelTrainerTests
{
    private static int _torchThreads;

    [ClassInitialize]
    public static void Setup(TestContext _) => _torchThreads = TranslationTestKit.UseOneTorchThread();

    [ClassCleanup]
    public static void RestoreThreads() => TranslationTestKit.RestoreTorchThreads(_torchThreads);

    [TestMethod]
    public void TrainingLowersTheValidationPerplexityOfHeldOutTextAndEarlyStoppingKeepsTheBestEpoch()
    {
        var summary = Shared.Model.TrainingSummary!;
        var perplexities = summary.Epochs.Select(e => Math.Exp(e.ValidationLoss!.Value)).ToArray();
        string curve = "validation perplexity by epoch: " + string.Join(", ", perplexities.Select(p => p.ToString("F1")));
        double kept = perplexities[summary.KeptEpoch - 1];
        Assert.AreEqual(perplexities.Min(), kept, curve);
        Assert.IsTrue(summary.StoppedEarly && summary.KeptEpoch < summary.Epochs.Count, curve);
        Assert.IsTrue(kept < 0.8 * perplexities[0], curve);
        Assert.IsTrue(kept < Shared.Model.VocabularySize / 2.0, $"{curve}; a uniform model has perplexity {Shared.Model.VocabularySize}");
        var metrics = SparseLanguageModelEvaluator.Evaluate(Shared.Model.Transform(ToDataView(Shared.Ml, Validation)));
        Assert.AreEqual(kept, metrics.Perplexity, kept * 1e-4, "the evaluator pools the same tokens as the validation loss of the kept epoch");
        Assert.AreEqual(Validation.Length, metrics.Rows);
        Assert.IsTrue(Shared.Progress.Any(p => p.Kind == TrainingProgressKind.Epoch) && Shared.Progress[^1].Kind == TrainingProgressKind.Completed);
    }

    [TestMethod]
    public void EverySparseProjectionHoldsExactlyItsTargetLinksAfterTheTopologyRounds()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Transforms.Text.SparseLanguageModel(TinyOptions(epochs: 8)).Fit(ToDataView(ml, Training));
        Assert.IsTrue(model.TrainingSummary!.TopologyRounds.Count >= 3, $"{model.TrainingSummary.TopologyRounds.Count} rounds");
        Assert.AreEqual(7, model.Model.Layers.Count, "q, k, v, o, gate, up, down of one block");
        foreach (var layer in model.Model.Layers)
            Assert.AreEqual(TargetLinkCount.For(layer.OutputSize, layer.InputSize, 0.3), layer.ActiveLinks, layer.Name);
    }

    [TestMethod]
    public void EveryMethodTrainsAndKeepsItsDensity()
    {
        var ml = new MLContext(seed: 1);
        foreach (var method in new[] { SparseTrainingMethod.Dense, SparseTrainingMethod.Chts, SparseTrainingMethod.Set, SparseTrainingMethod.RigL, SparseTrainingMethod.Static })
        {
            var model = ml.Transforms.Text.SparseLanguageModel(TinyOptions(method, epochs: 2)).Fit(ToDataView(ml, Training));
            double density = method == SparseTrainingMethod.Dense ? 1 : 0.3;
            foreach (var layer in model.Model.Layers)
                Assert.AreEqual(TargetLinkCount.For(layer.OutputSize, layer.InputSize, density), layer.ActiveLinks, $"{method} {layer.Name}");
            Assert.IsTrue(double.IsFinite(model.Score(Validation[0]).LogLikelihood), method.ToString());
        }
    }

    [TestMethod]
    public void TheSameSeedGivesIdenticalScoresAndText()
    {
        var ml = new MLContext(seed: 1);
        var data = ToDataView(ml, Training);
        var a = ml.Transforms.Text.SparseLanguageModel(TinyOptions(epochs: 3)).Fit(data);
        var b = ml.Transforms.Text.SparseLanguageModel(TinyOptions(epochs: 3)).Fit(data);
        var c = ml.Transforms.Text.SparseLanguageModel(TinyOptions(epochs: 3, seed: 4)).Fit(data);
        var held = ToDataView(ml, Validation);
        CollectionAssert.AreEqual(Scores(a, held).LogLikelihood, Scores(b, held).LogLikelihood);
        CollectionAssert.AreNotEqual(Scores(a, held).LogLikelihood, Scores(c, held).LogLikelihood, "another seed trains another model");
        var sampling = new TextGenerationOptions { Seed = 7, MaxNewTokens = 12 };
        Assert.AreEqual(a.Generate("And God", sampling), b.Generate("And God", sampling));
    }

    [TestMethod]
    public void ScoreColumnsAgreeWithTheirDefinitions()
    {
        var (logLikelihood, tokens, perplexity) = Scores(Shared.Model, ToDataView(Shared.Ml, Validation));
        var direct = Shared.Model.Score(Validation);
        for (int i = 0; i < Validation.Length; i++)
        {
            Assert.IsTrue(logLikelihood[i] < 0);
            Assert.AreEqual(direct[i].TokenCount, tokens[i]);
            Assert.AreEqual(direct[i].LogLikelihood, logLikelihood[i], 1e-3);
            Assert.AreEqual(Math.Exp(-logLikelihood[i] / tokens[i]), perplexity[i], perplexity[i] * 1e-5);
        }
        Assert.IsTrue(Shared.Model.Score(Training[2]).Perplexity < Shared.Model.Score("Zebra quantum xylophone jazz").Perplexity,
            "a training verse is more likely than unrelated words");
        Assert.AreEqual(1, Shared.Model.Score("").TokenCount, "an empty text is the end-of-text token alone");
    }

    [TestMethod]
    public void GenerationContinuesThePromptGreedilyOrBySeededSampling()
    {
        var model = Shared.Model;
        string greedy = model.Generate("And God said", new TextGenerationOptions { Strategy = TextGenerationStrategy.Greedy, MaxNewTokens = 10 });
        StringAssert.StartsWith(greedy, "And God said");
        Assert.IsTrue(greedy.Length > "And God said".Length);
        Assert.AreEqual(greedy, model.Generate("And God said", new TextGenerationOptions { Strategy = TextGenerationStrategy.Greedy, MaxNewTokens = 10, Seed = 99 }));
        var texts = Enumerable.Range(0, 6).Select(s => model.Generate("And", new TextGenerationOptions { Seed = s, Temperature = 1.5, TopK = 0 })).ToList();
        Assert.IsTrue(texts.Distinct().Count() > 1, "different seeds sample different texts");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => model.Generate("And", new TextGenerationOptions { Temperature = 0 }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => model.Generate("And", new TextGenerationOptions { MaxNewTokens = 0 }));
    }

    [TestMethod]
    public void ClearErrorsForWrongColumnsEmptyDataAndBadDensity()
    {
        var ml = new MLContext(seed: 1);
        var numbers = ml.Data.LoadFromEnumerable(new[] { new NumericLine { Text = 1 } });
        var wrongType = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.Text.SparseLanguageModel(TinyOptions()).Fit(numbers));
        StringAssert.Contains(wrongType.Message, "'Text'");
        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            ml.Transforms.Text.SparseLanguageModel(textColumnName: "Body").Fit(ToDataView(ml, Training)));
        StringAssert.Contains(missing.Message, "'Body'");
        var empty = Assert.ThrowsExactly<InvalidOperationException>(() => ml.Transforms.Text.SparseLanguageModel(TinyOptions()).Fit(ToDataView(ml, Array.Empty<string>())));
        StringAssert.Contains(empty.Message, "no rows");
        var blank = Assert.ThrowsExactly<InvalidOperationException>(() => ml.Transforms.Text.SparseLanguageModel(TinyOptions()).Fit(ToDataView(ml, new[] { " ", "" })));
        StringAssert.Contains(blank.Message, "empty text");
        var strict = TinyOptions();
        strict.SkipEmptyRows = false;
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() =>
            ml.Transforms.Text.SparseLanguageModel(strict).Fit(ToDataView(ml, new[] { "a b", " " }))).Message, "Row 1");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.Text.SparseLanguageModel(density: 1.5));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.Text.SparseLanguageModel(density: 0));
        var tooSparse = TinyOptions();
        tooSparse.Topology.Density = 1e-4;
        tooSparse.Topology.InitialDensity = 0.5;
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            ml.Transforms.Text.SparseLanguageModel(tooSparse).Fit(ToDataView(ml, Training))).Message, "0 links");
        var oddHeads = TinyOptions();
        oddHeads.ModelDim = 18;
        oddHeads.Heads = 6;
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.Text.SparseLanguageModel(oddHeads)).Message, "even head dimension");
    }

    [TestMethod]
    public void ACancelledTokenStopsTraining()
    {
        var ml = new MLContext(seed: 1);
        using var cancel = new CancellationTokenSource();
        var options = TinyOptions();
        options.CancellationToken = cancel.Token;
        options.Progress = new Progress(p => { if (p.Kind == TrainingProgressKind.Batch) cancel.Cancel(); });
        options.ProgressInterval = 1;
        Assert.ThrowsExactly<OperationCanceledException>(() => ml.Transforms.Text.SparseLanguageModel(options).Fit(ToDataView(ml, Training)));
    }

    private sealed class Progress(Action<SparseTrainingProgress> report) : IProgress<SparseTrainingProgress>
    {
        public void Report(SparseTrainingProgress value) => report(value);
    }
}
