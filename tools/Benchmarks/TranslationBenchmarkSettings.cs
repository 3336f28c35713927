// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>Command-line settings of <see cref="TranslationBenchmark"/> (see its summary for the arguments).</summary>
internal sealed record Settings(string[] Arguments, TranslationCorpus Corpus, int Epochs, int TrainPairs, int TestPairs, int ModelDim, int FeedForwardDim, int Layers, int Vocabulary,
                               int Batch, double LearningRate, int Warmup, int Interval, double Density, SparseTrainingMethod[] Methods, int Beam, int Threads, int MaxWords, double Dropout,
                               SparseWeightInitialization WeightInitialization, int Seed, int Patience)
{
    public static Settings Parse(string[] args)
    {
        string Arg(string name, string fallback)
        {
            int i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        int Int(string name, int fallback) => int.Parse(Arg(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        double Double(string name, double fallback) => double.Parse(Arg(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var methods = Arg("methods", "dense,chts,chtss").Split(',').Select(m => Enum.Parse<SparseTrainingMethod>(m, ignoreCase: true)).ToArray();
        var corpus = Enum.Parse<TranslationCorpus>(Arg("corpus", "ding"), ignoreCase: true);
        return new Settings(args, corpus, Int("epochs", 10), Int("train", int.MaxValue), Int("test", 1000), Int("dim", 64), Int("ff", 256), Int("layers", 2),
                            Int("vocab", 2000), Int("batch", 32), Double("lr", 0.5), Int("warmup", 400), Int("interval", 100), Double("density", 0.1), methods, Int("beam", 0), Int("threads", 1), Int("max-words", 8), Double("dropout", 0.1),
                            Enum.Parse<SparseWeightInitialization>(Arg("init", nameof(SparseWeightInitialization.Xavier)), ignoreCase: true), Int("seed", 1),
                            Int("patience", 0));
    }

    public SparseTranslationOptions Options(SparseTrainingMethod method, IDataView validation)
    {
        var options = new SparseTranslationOptions
        {
            NumberOfEpochs = Epochs,
            ModelDim = ModelDim,
            FeedForwardDim = FeedForwardDim,
            EncoderLayers = Layers,
            DecoderLayers = Layers,
            VocabularySize = Vocabulary,
            MaxTokens = 64,
            BatchSize = Batch,
            LearningRate = LearningRate,
            WarmupSteps = Warmup,
            Dropout = Dropout,
            Seed = Seed,
            ValidationSet = validation,
            EarlyStoppingPatience = Patience,
        };
        options.Topology.Method = method;
        options.Topology.Density = Density;
        options.Topology.UpdateInterval = Interval;
        options.Topology.WeightInitialization = WeightInitialization;
        return options;
    }

    public Dictionary<string, object> ToJson() => new()
    {
        ["corpus"] = Corpus.ToString(), ["epochs"] = Epochs, ["d_model"] = ModelDim, ["d_ff"] = FeedForwardDim, ["layers"] = Layers, ["vocabulary"] = Vocabulary, ["batch"] = Batch,
        ["noam_factor"] = LearningRate, ["warmup_steps"] = Warmup, ["update_interval_steps"] = Interval, ["density"] = Density, ["beam"] = Beam,
        ["threads"] = Threads, ["dropout"] = Dropout, ["weight_initialization"] = WeightInitialization.ToString(), ["seed"] = Seed, ["max_words"] = MaxWords == int.MaxValue ? null! : MaxWords,
        ["early_stopping_patience"] = Patience,
    };

    public override string ToString() =>
        $"{Corpus} corpus, {Epochs} epochs, d_model {ModelDim}, d_ff {FeedForwardDim}, {Layers}+{Layers} layers, vocabulary {Vocabulary}, batch {Batch}, noam factor {LearningRate}, warm-up {Warmup}, rounds every {Interval} steps, density {Density}, {WeightInitialization} weights, training seed {Seed}{(MaxWords == int.MaxValue ? "" : $", pairs of at most {MaxWords} words")}{(Patience > 0 ? $", early stopping after {Patience} epochs without a lower validation loss (best epoch kept)" : "")}";
}
