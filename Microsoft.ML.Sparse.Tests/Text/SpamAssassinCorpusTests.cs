// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Samples.Datasets;

namespace Microsoft.ML.Sparse.Tests.Text;

[DatasetTestClass]
public sealed class SpamAssassinCorpusTests
{
    // Loaded by the first test that reads it, so the tests that need no dataset stay in the fast lane.
    private static readonly Lazy<IReadOnlyList<LabeledText>> LoadedClean = new(() => SpamAssassinCorpus.Read());

    private static IReadOnlyList<LabeledText> Clean => LoadedClean.Value;

    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
    public void ReadsEveryMessageWithThePackagesHamAndSpamCounts()
    {
        Assert.AreEqual(6046, Clean.Count);
        Assert.AreEqual(4150, Clean.Count(e => e.Label == SpamAssassinCorpus.HamLabel));
        Assert.AreEqual(1896, Clean.Count(e => e.Label == SpamAssassinCorpus.SpamLabel));
        Assert.AreEqual(2500, Clean.Count(e => e.Source.StartsWith("easy-ham-1/", StringComparison.Ordinal)));
        Assert.AreEqual(1396, Clean.Count(e => e.Source.StartsWith("spam-2/", StringComparison.Ordinal)));
        Assert.AreEqual(6046, Clean.Select(e => e.Source).Distinct().Count());
    }

    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
    public void FullCleanupKeepsSubjectAndBodyButDropsHeaders()
    {
        var first = Clean[0];
        Assert.AreEqual("easy-ham-1/00001.7c53336b37003a9286aba55d2945844c", first.Source);
        StringAssert.StartsWith(first.Text, "Re: New Sequences Window ");
        StringAssert.Contains(first.Text, "I can't reproduce this error.");
        Assert.IsFalse(first.Text.Contains("Return-Path:"), "headers must be stripped");
        Assert.IsFalse(first.Text.Contains('\n'), "whitespace is collapsed");
        // Almost every message keeps some readable text.
        Assert.IsTrue(Clean.Count(e => e.Text.Length >= 20) > 6000);
        // HTML spam: no tags survive in the cleaned text of HTML-only messages.
        Assert.IsFalse(Clean.Where(e => e.Label == "spam").Any(e => e.Text.Contains("<html", StringComparison.OrdinalIgnoreCase)));
    }

    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
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
