// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Samples.Datasets;

namespace Microsoft.ML.Sparse.Tests.Text;

[DatasetTestClass]
public sealed class BrownCorpusTests
{
    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
    public void ReadsFiveHundredUntaggedDocumentsInFifteenGenres()
    {
        var docs = BrownCorpus.Read();
        Assert.AreEqual(500, docs.Count);
        Assert.AreEqual(15, docs.Select(d => d.Label).Distinct().Count());
        var perGenre = docs.GroupBy(d => d.Label).ToDictionary(g => g.Key, g => g.Count());
        Assert.AreEqual(44, perGenre["news"]);
        Assert.AreEqual(80, perGenre["learned"]);
        Assert.AreEqual(6, perGenre["science_fiction"]);
        Assert.AreEqual(9, perGenre["humor"]);
        Assert.AreEqual(1_161_192, docs.Sum(d => d.Text.Split(' ').Length));
        Assert.AreEqual("ca01", docs[0].Source);
        StringAssert.StartsWith(docs[0].Text, "The Fulton County Grand Jury said Friday an investigation of Atlanta's recent primary election produced \" no evidence \"");
        Assert.IsFalse(docs.Any(d => d.Text.Contains("/at ") || d.Text.Contains("/nn ")), "tags must be removed");
    }

    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
    public void GenreLettersAgreeWithThePackagesCatsFile()
    {
        string cats = Path.Combine(BrownCorpus.DefaultDirectory, "cats.txt");
        var expected = File.ReadLines(cats).Where(l => l.Length > 0)
            .Select(l => l.Split(' ')).ToDictionary(p => p[0], p => p[1]);
        var docs = BrownCorpus.Read();
        Assert.AreEqual(expected.Count, docs.Count);
        foreach (var d in docs)
            Assert.AreEqual(expected[d.Source], d.Label, d.Source);
    }

    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
    public void ParagraphChunksHoldTheRequestedWordsAndCoverTheDocuments()
    {
        var paragraphs = BrownCorpus.Read(BrownGranularity.Paragraphs);
        Assert.AreEqual(15_667, paragraphs.Count);
        var chunks = BrownCorpus.Read(BrownGranularity.Paragraphs, minWordsPerChunk: 100);
        Assert.AreEqual(7_145, chunks.Count);
        Assert.IsTrue(chunks.All(c => c.Text.Split(' ').Length >= 100));
        Assert.AreEqual(1_161_192, chunks.Sum(d => d.Text.Split(' ').Length));
        Assert.AreEqual("ca01#0", chunks[0].Source);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => BrownCorpus.Read(BrownGranularity.Paragraphs, 0));
    }

    [TestMethod]
    public void UntagKeepsSlashesInsideWords()
    {
        Assert.AreEqual("1/2", BrownCorpus.Untag("1/2/cd"));
        Assert.AreEqual("\"", BrownCorpus.Untag("``/``"));
        Assert.AreEqual("Atlanta's", BrownCorpus.Untag("Atlanta's/np$"));
    }

    [TestMethod]
    public void MissingCorpusNamesBuildSetup()
    {
        var ex = Assert.ThrowsExactly<FileNotFoundException>(() => BrownCorpus.Read(directory: "/nonexistent/brown"));
        StringAssert.Contains(ex.Message, "build/setup");
    }
}
