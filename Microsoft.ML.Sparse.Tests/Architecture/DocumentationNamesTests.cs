// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Reflection;

namespace Microsoft.ML.Sparse.Tests.Architecture;

/// <summary>
/// The type names, file paths and links that README.md and docs/*.md cite exist in the repository
/// (<see cref="DocumentationReferences"/> says what is checked), so a rename or a move that leaves a page behind fails.
/// </summary>
[TestClass]
public sealed class DocumentationNamesTests
{
    private static string Root() =>
        typeof(DocumentationNamesTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    [TestMethod]
    public void EveryNameAndPathTheDocsCiteExists()
    {
        var references = new DocumentationReferences(Root());
        var pages = references.Files.Where(f => f == "README.md" || (f.StartsWith("docs/", StringComparison.Ordinal) && f.EndsWith(".md", StringComparison.Ordinal)))
            .OrderBy(f => f, StringComparer.Ordinal).ToArray();
        Assert.IsTrue(pages.Length >= 8, $"{pages.Length} pages found");
        var violations = pages.SelectMany(p => references.Check(p, File.ReadAllText(Path.Combine(Root(), p)))).ToArray();
        Assert.IsTrue(references.Checked > 300, $"only {references.Checked} citations were checked: the checker no longer recognises them");
        Assert.IsEmpty(violations, "fix the page or the name:\n" + string.Join("\n", violations));
    }

    [TestMethod]
    public void TheCheckFindsBrokenNamesAndPaths()
    {
        const string Good = "The loop (`SparseTrainingLoop`, `Engine/Core/Training/SparseTrainingLoop.cs`) calls `MaskedLayerGraph.AddChain`; " +
            "`Scoring/MlpScorer`, `build/test`, `ITrainingStepper`, `MlpScorer.cs`, `Engine/Csr`, `Microsoft.ML.Sparse.Comparison`, " +
            "[the algorithm](algorithm.md).";
        var repository = new DocumentationReferences(Root());
        Assert.IsEmpty(repository.Check("docs/probe.md", Good));

        const string Broken = "The loop (`SparseTrainingLop`, `Engine/Core/Training/SparseTrainingLoops.cs`) calls `MaskedLayerGraph.AddChainz`; " +
            "`Scoring/MlpScorers`, `build/tests`, `ITrainingSteper`, `MlpScorer2.cs`, `Engine/Csv/`, `Microsoft.ML.Sparse.Comparisons`, " +
            "[the algorithm](algorithms.md).";
        var violations = repository.Check("docs/probe.md", Broken);
        Assert.HasCount(10, violations, string.Join("\n", violations));
        foreach (string cited in new[] { "SparseTrainingLop", "SparseTrainingLoops.cs", "AddChainz", "MlpScorers", "build/tests", "ITrainingSteper", "MlpScorer2.cs", "Engine/Csv/", "Comparisons", "algorithms.md" })
            Assert.IsTrue(violations.Any(v => v.Contains(cited, StringComparison.Ordinal)), $"{cited} is reported:\n" + string.Join("\n", violations));

        const string NotCitations = "```\nSparseTrainingLop in a code block\n```\n`mlContext.Model.Save/Load`, `Density`, `LinearK.weight`, " +
            "`ζ_t = ζ/2`, `PublicAPI.*.txt`, [web](https://example.org/x.md).";
        Assert.IsEmpty(repository.Check("docs/probe.md", NotCitations));
    }
}
