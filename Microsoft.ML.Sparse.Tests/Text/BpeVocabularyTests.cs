// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Samples.Datasets;
using Microsoft.ML.Sparse.Text;

namespace Microsoft.ML.Sparse.Tests.Text;

[DatasetTestClass]
public sealed class BpeVocabularyTests
{
    private static readonly BpeTrainingOptions Tiny = new() { VocabularySize = 100, MinCharacterFrequency = 1 };

    [TestMethod]
    public void LearnsTheHandComputedMergesInOrder()
    {
        // Pieces: ▁low ×3, ▁lower, ▁lowest. Alphabet sorted ordinally: e l o r s t w ▁ → ids 4..11.
        // Pair counts: (▁,l)=(l,o)=(o,w)=5; the tie goes to the smaller (left id, right id) = (l,o).
        // Then (▁,lo)=(lo,w)=5 → (▁,lo) [left id 11 < 12]; then (▁lo,w)=5; then (▁low,e)=2; all other pairs occur once.
        var model = BpeVocabularyTrainer.Train(new[] { "low low low lower lowest" }, Tiny);
        CollectionAssert.AreEqual(new[] { "<pad>", "<unk>", "<s>", "</s>", "e", "l", "o", "r", "s", "t", "w", "\u2581",
                                          "lo", "\u2581lo", "\u2581low", "\u2581lowe" }, model.Tokens.ToArray());
        CollectionAssert.AreEqual(new[] { (5, 6), (11, 12), (13, 10), (14, 4) }, model.Merges.ToArray());

        var vocabulary = new SubwordVocabulary(model);
        CollectionAssert.AreEqual(new[] { 15, 8, 9, 14 }, vocabulary.Encode("lowest low"));
        CollectionAssert.AreEqual(new[] { 2, 14, 3 }, vocabulary.Encode("  low ", addBegin: true, addEnd: true));
        Assert.AreEqual("lowest low", vocabulary.Decode(new[] { 2, 15, 8, 9, 14, 3, 14 }));
    }

    [TestMethod]
    public void UnknownCharactersBecomeUnk()
    {
        var vocabulary = new SubwordVocabulary(BpeVocabularyTrainer.Train(new[] { "low low low lower lowest" }, Tiny));
        var ids = vocabulary.Encode("low xyz");
        CollectionAssert.AreEqual(new[] { 14, 11, SubwordSpecialTokens.UnknownId }, ids);
        Assert.AreEqual("low ", vocabulary.Decode(ids));
    }

    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
    public void TrainingIsDeterministicAndRoundTripsRealSentences()
    {
        var pairs = DingSentencePairs.Read().Take(1500).ToList();
        var texts = pairs.Select(p => p.Source).Concat(pairs.Select(p => p.Target)).ToList();
        var options = new BpeTrainingOptions { VocabularySize = 1200, MinCharacterFrequency = 1 };
        var a = SubwordVocabulary.Train(texts, options);
        var b = SubwordVocabulary.Train(texts.AsEnumerable().Reverse(), options);
        CollectionAssert.AreEqual(a.Model.Tokens.ToArray(), b.Model.Tokens.ToArray(), "order of the input must not matter");
        CollectionAssert.AreEqual(a.Model.Merges.ToArray(), b.Model.Merges.ToArray());
        Assert.AreEqual(1200, a.Size);

        long tokens = 0, characters = 0;
        foreach (string sentence in texts)
        {
            var ids = a.Encode(sentence);
            Assert.IsFalse(ids.Contains(SubwordSpecialTokens.UnknownId), sentence);
            Assert.AreEqual(sentence, a.Decode(ids));
            tokens += ids.Length;
            characters += sentence.Length;
        }
        // Merges compress: well under one token per 2.5 characters on the training text (characters alone would be 1 per 1).
        Assert.IsTrue(tokens * 2.5 < characters, $"{tokens} tokens for {characters} characters");
    }

    [TestMethod]
    public void MaxLengthCutsTheTextAndKeepsTheEndToken()
    {
        var vocabulary = new SubwordVocabulary(BpeVocabularyTrainer.Train(new[] { "low low low lower lowest" }, Tiny));
        var ids = vocabulary.Encode("low low low low low", maxLength: 4, addBegin: true, addEnd: true);
        CollectionAssert.AreEqual(new[] { 2, 14, 14, 3 }, ids);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => vocabulary.Encode("low", maxLength: 2, addBegin: true, addEnd: true));
    }

    [TestMethod]
    public void LowerCaseOptionFoldsCase()
    {
        var vocabulary = SubwordVocabulary.Train(new[] { "low low low lower lowest" }, Tiny with { LowerCase = true });
        CollectionAssert.AreEqual(vocabulary.Encode("low LOWEST"), vocabulary.Encode("LOW lowest"));
        Assert.AreEqual("lowest", vocabulary.Decode(vocabulary.Encode("LOWEST")));
    }

    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
    public void SerialisationRoundTripsExactly()
    {
        var texts = DingSentencePairs.Read().Take(300).Select(p => p.Target).ToList();
        var vocabulary = SubwordVocabulary.Train(texts, new BpeTrainingOptions { VocabularySize = 500, LowerCase = true });
        var stream = new MemoryStream();
        vocabulary.Write(stream);
        byte[] bytes = stream.ToArray();
        var restored = SubwordVocabulary.Read(new MemoryStream(bytes));
        Assert.AreEqual(vocabulary.Size, restored.Size);
        Assert.IsTrue(restored.LowerCase);
        foreach (string text in texts.Take(50))
            CollectionAssert.AreEqual(vocabulary.Encode(text), restored.Encode(text));
        var again = new MemoryStream();
        restored.Write(again);
        CollectionAssert.AreEqual(bytes, again.ToArray());
    }

    [TestMethod]
    public void CorruptStreamsAreRejected()
    {
        var vocabulary = new SubwordVocabulary(BpeVocabularyTrainer.Train(new[] { "low low low lower lowest" }, Tiny));
        var stream = new MemoryStream();
        vocabulary.Write(stream);
        byte[] bytes = stream.ToArray();
        Assert.ThrowsExactly<InvalidDataException>(() => SubwordVocabulary.Read(new MemoryStream(bytes[..^3])));
        var badMagic = (byte[])bytes.Clone();
        badMagic[3] ^= 0x20;
        Assert.ThrowsExactly<InvalidDataException>(() => SubwordVocabulary.Read(new MemoryStream(badMagic)));
        // Last merge pointing at a special token.
        var badMerge = (byte[])bytes.Clone();
        badMerge[^8] = 0;
        Assert.ThrowsExactly<InvalidDataException>(() => SubwordVocabulary.Read(new MemoryStream(badMerge)));
        Assert.ThrowsExactly<ArgumentException>(() => BpeVocabularyTrainer.Train(new[] { " ", "" }, Tiny));
    }
}
