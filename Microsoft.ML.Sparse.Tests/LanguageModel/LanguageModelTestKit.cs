// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Tests.Translation;

namespace Microsoft.ML.Sparse.Tests.LanguageModel;

/// <summary>A small real text (Genesis 1-2, King James Version, public domain) and tiny language-model options.</summary>
internal static class LanguageModelTestKit
{
    public sealed class Line
    {
        public string Text { get; set; } = "";
    }

    public sealed class NumericLine
    {
        public float Text { get; set; }
    }

    /// <summary>Genesis 1 (training text).</summary>
    public static readonly string[] Training =
    {
        "In the beginning God created the heaven and the earth.",
        "And the earth was without form, and void; and darkness was upon the face of the deep. And the Spirit of God moved upon the face of the waters.",
        "And God said, Let there be light: and there was light.",
        "And God saw the light, that it was good: and God divided the light from the darkness.",
        "And God called the light Day, and the darkness he called Night. And the evening and the morning were the first day.",
        "And God said, Let there be a firmament in the midst of the waters, and let it divide the waters from the waters.",
        "And God made the firmament, and divided the waters which were under the firmament from the waters which were above the firmament: and it was so.",
        "And God called the firmament Heaven. And the evening and the morning were the second day.",
        "And God said, Let the waters under the heaven be gathered together unto one place, and let the dry land appear: and it was so.",
        "And God called the dry land Earth; and the gathering together of the waters called he Seas: and God saw that it was good.",
        "And God said, Let the earth bring forth grass, the herb yielding seed, and the fruit tree yielding fruit after his kind, whose seed is in itself, upon the earth: and it was so.",
        "And the earth brought forth grass, and herb yielding seed after his kind, and the tree yielding fruit, whose seed was in itself, after his kind: and God saw that it was good.",
        "And the evening and the morning were the third day.",
        "And God said, Let there be lights in the firmament of the heaven to divide the day from the night; and let them be for signs, and for seasons, and for days, and years:",
        "And let them be for lights in the firmament of the heaven to give light upon the earth: and it was so.",
        "And God made two great lights; the greater light to rule the day, and the lesser light to rule the night: he made the stars also.",
        "And God set them in the firmament of the heaven to give light upon the earth,",
        "And to rule over the day and over the night, and to divide the light from the darkness: and God saw that it was good.",
        "And the evening and the morning were the fourth day.",
        "And God said, Let the waters bring forth abundantly the moving creature that hath life, and fowl that may fly above the earth in the open firmament of heaven.",
        "And God created great whales, and every living creature that moveth, which the waters brought forth abundantly, after their kind, and every winged fowl after his kind: and God saw that it was good.",
        "And God blessed them, saying, Be fruitful, and multiply, and fill the waters in the seas, and let fowl multiply in the earth.",
        "And the evening and the morning were the fifth day.",
        "And God said, Let the earth bring forth the living creature after his kind, cattle, and creeping thing, and beast of the earth after his kind: and it was so.",
        "And God made the beast of the earth after his kind, and cattle after their kind, and every thing that creepeth upon the earth after his kind: and God saw that it was good.",
        "And God said, Let us make man in our image, after our likeness: and let them have dominion over the fish of the sea, and over the fowl of the air, and over the cattle, and over all the earth.",
        "So God created man in his own image, in the image of God created he him; male and female created he them.",
        "And God blessed them, and God said unto them, Be fruitful, and multiply, and replenish the earth, and subdue it.",
        "And God said, Behold, I have given you every herb bearing seed, which is upon the face of all the earth, and every tree, in the which is the fruit of a tree yielding seed; to you it shall be for meat.",
        "And to every beast of the earth, and to every fowl of the air, and to every thing that creepeth upon the earth, wherein there is life, I have given every green herb for meat: and it was so.",
        "And God saw every thing that he had made, and, behold, it was very good. And the evening and the morning were the sixth day.",
    };

    /// <summary>Genesis 2:1-7 (held-out text).</summary>
    public static readonly string[] Validation =
    {
        "Thus the heavens and the earth were finished, and all the host of them.",
        "And on the seventh day God ended his work which he had made; and he rested on the seventh day from all his work which he had made.",
        "And God blessed the seventh day, and sanctified it: because that in it he had rested from all his work which God created and made.",
        "These are the generations of the heavens and of the earth when they were created, in the day that the LORD God made the earth and the heavens,",
        "And every plant of the field before it was in the earth, and every herb of the field before it grew: for the LORD God had not caused it to rain upon the earth.",
        "But there went up a mist from the earth, and watered the whole face of the ground.",
        "And the LORD God formed man of the dust of the ground, and breathed into his nostrils the breath of life; and man became a living soul.",
    };

    public static IDataView ToDataView(MLContext ml, IEnumerable<string> texts) => ml.Data.LoadFromEnumerable(texts.Select(t => new Line { Text = t }).ToList());

    /// <summary>A language model of a few thousand weights that trains in a second or two on <see cref="Training"/>.</summary>
    public static SparseLanguageModelOptions TinyOptions(SparseTrainingMethod method = SparseTrainingMethod.Chtss, int epochs = 30, int seed = 3) => new()
    {
        ModelDim = 16,
        Heads = 2,
        FeedForwardDim = 32,
        Layers = 1,
        VocabularySize = 100,
        MaxTokens = 24,
        Dropout = 0.1,
        BatchSize = 8,
        NumberOfEpochs = epochs,
        LearningRate = 1e-2,
        Seed = seed,
        Topology = new SparseTopologyOptions
        {
            Method = method,
            Density = 0.3,
            InitialDensity = 0.5,
            Zeta = 0.1,
            UpdateInterval = 5,
            UpdateIntervalUnit = UpdateIntervalUnit.Steps,
            Percolation = false,
            WeightInitialization = SparseWeightInitialization.Xavier,
        },
    };

    /// <summary>One CHTss model trained on Genesis 1 with Genesis 2:1-7 as validation set and early stopping (trained once).</summary>
    public static TrainedFixture Shared => SharedFixture.Value;

    private static readonly Lazy<TrainedFixture> SharedFixture = new(() =>
    {
        var ml = new MLContext(seed: 1);
        var progress = new List<SparseTrainingProgress>();
        var options = TinyOptions();
        options.ValidationSet = ToDataView(ml, Validation);
        options.EarlyStoppingPatience = 3;
        options.Progress = new TranslationTestKit.SynchronousProgress(progress);
        var model = ml.Transforms.Text.SparseLanguageModel(options).Fit(ToDataView(ml, Training));
        return new TrainedFixture(ml, model, progress);
    });

    public sealed record TrainedFixture(MLContext Ml, SparseLanguageModelTransformer Model, List<SparseTrainingProgress> Progress);

    /// <summary>The three score columns of <paramref name="model"/>'s output on <paramref name="data"/>.</summary>
    public static (float[] LogLikelihood, int[] Tokens, float[] Perplexity) Scores(ITransformer model, IDataView data)
    {
        var scored = model.Transform(data);
        return (scored.GetColumn<float>("LogLikelihood").ToArray(), scored.GetColumn<int>("TokenCount").ToArray(), scored.GetColumn<float>("Perplexity").ToArray());
    }
}
