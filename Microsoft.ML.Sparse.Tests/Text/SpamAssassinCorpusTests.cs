// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Samples.Datasets;

namespace Microsoft.ML.Sparse.Tests.Text;

[DatasetTestClass]
[TestCategory(TestLanes.Dataset)]
public sealed class SpamAssassinCorpusTests
{
    private static IReadOnlyList<LabeledText> _clean = null!;

    [ClassInitialize]
    public static void Load(TestContext _) => _clean = SpamAssassinCorpus.Read();

    [TestMethod]
    public void ReadsEveryMessageWithThePackagesHamAndSpamCounts()
    {
        Assert.AreEqual(6046, _clean.Count);
        Assert.AreEqual(4150, _clean.Count(e => e.Label == SpamAssassinCorpus.HamLabel));
        Assert.AreEqual(1896, _clean.Count(e => e.Label == SpamAssassinCorpus.SpamLabel));
        Assert.AreEqual(2500, _clean.Count(e => e.Source.StartsWith("easy-ham-1/", StringComparison.Ordinal)));
        Assert.AreEqual(1396, _clean.Count(e => e.Source.StartsWith("spam-2/", StringComparison.Ordinal)));
        Assert.AreEqual(6046, _clean.Select(e => e.Source).Distinct().Count());
    }

    [TestMethod]
    public void FullCleanupKeepsSubjectAndBodyButDropsHeaders()
    {
        var first = _clean[0];
        Assert.AreEqual("easy-ham-1/00001.7c53336b37003a9286aba55d2945844c", first.Source);
        StringAssert.StartsWith(first.Text, "Re: New Sequences Window ");
        StringAssert.Contains(first.Text, "I can't reproduce this error.");
        Assert.IsFalse(first.Text.Contains("Return-Path:"), "headers must be stripped");
        Assert.IsFalse(first.Text.Contains('\n'), "whitespace is collapsed");
        // Almost every message keeps some readable text.
        Assert.IsTrue(_clean.Count(e => e.Text.Length >= 20) > 6000);
        // HTML spam: no tags survive in the cleaned text of HTML-only messages.
        Assert.IsFalse(_clean.Where(e => e.Label == "spam").Any(e => e.Text.Contains("<html", StringComparison.OrdinalIgnoreCase)));
    }

    [TestMethod]
    public void RawAndHeaderStrippedModesKeepWhatTheySay()
    {
        var dir = SpamAssassinCorpus.DefaultDirectory;
        var raw = SpamAssassinCorpus.Read(EmailCleanup.None, dir);
        var stripped = SpamAssassinCorpus.Read(EmailCleanup.StripHeaders, dir);
        StringAssert.StartsWith(raw[0].Text, "From exmh-workers-admin@redhat.com");
        StringAssert.Contains(raw[0].Text, "Return-Path:");
        StringAssert.StartsWith(stripped[0].Text, "Re: New Sequences Window\n");
        Assert.IsFalse(stripped[0].Text.Contains("Return-Path:"));
    }

    [TestMethod]
    public void MissingCorpusNamesBuildSetup()
    {
        var ex = Assert.ThrowsExactly<FileNotFoundException>(() => SpamAssassinCorpus.Read(directory: "/nonexistent/spam-assassin"));
        StringAssert.Contains(ex.Message, "build/setup");
    }
}
