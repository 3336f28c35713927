// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Text.RegularExpressions;

namespace Microsoft.ML.Sparse.Tests.Architecture;

/// <summary>
/// Checks that the names a Markdown page cites exist in the repository: relative links; backticked file paths
/// (<c>Foo.cs</c>, <c>Engine/Core/TargetLinkCount.cs</c>, <c>build/test</c>, <c>Scoring/SparseScorer</c>: folder and
/// file must exist); <c>Microsoft.ML.Sparse...</c> names (a project or a namespace); backticked type-looking
/// identifiers (two or more capitalised words, or I + a capitalised word, e.g. <c>SparseTrainingLoop</c>,
/// <c>ITrainingStepper</c>, <c>MaskedLayerGraph.AddChain</c>). An identifier passes when the repository declares a type of
/// that name (and then a cited member must appear in that type's files) or when it is used in the code or the MSBuild
/// files (an option, an enum value, an ML.NET type the code uses); a few names of other projects that the code never
/// mentions (ONNX operators, ML.NET types) are listed in <see cref="External"/>. Fenced code blocks are not checked.
/// </summary>
internal sealed partial class DocumentationReferences
{
    /// <summary>Names the docs may cite that the repository's code never uses: ONNX operators and other projects' types.</summary>
    public static readonly IReadOnlySet<string> External = new HashSet<string>(StringComparer.Ordinal)
    {
        "ArgMax", "ConstantOfShape", "GraphProto", "ReduceSum", "ScatterElements", // ONNX
        "DatabaseLoader", // ML.NET
        "AutoFormerV2Block", // ML.NET's TorchSharp object detection model
    };

    private static readonly string[] SkippedFolders = { "bin", "obj", ".git", "artifacts", "data", "node_modules" };
    private static readonly string[] FileExtensions = { ".cs", ".md", ".props", ".targets", ".csproj", ".txt" };

    private readonly string _root;
    private readonly List<string> _files = new();
    private readonly List<string> _folders = new();
    private readonly HashSet<string> _folderNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _typeFiles = new(StringComparer.Ordinal);
    private readonly HashSet<string> _codeIdentifiers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _namespaces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _fileText = new(StringComparer.Ordinal);

    /// <summary>Indexes the files, folders, declared types and code identifiers under <paramref name="root"/>.</summary>
    public DocumentationReferences(string root)
    {
        _root = root;
        Walk(root);
        foreach (string file in _files)
        {
            bool msbuild = file.EndsWith(".props", StringComparison.Ordinal) || file.EndsWith(".targets", StringComparison.Ordinal) ||
                file.EndsWith(".csproj", StringComparison.Ordinal);
            if (!file.EndsWith(".cs", StringComparison.Ordinal) && !msbuild)
                continue;
            string text = File.ReadAllText(Path.Combine(root, file));
            string code = StringLiteral().Replace(Comment().Replace(text, " "), "\"\"");
            foreach (Match m in Identifier().Matches(code))
                _codeIdentifiers.Add(m.Value);
            if (msbuild)
                continue;
            _fileText[file] = text;
            foreach (Match m in NamespaceDeclaration().Matches(code))
                _namespaces.Add(m.Groups[1].Value);
            foreach (Match m in TypeDeclaration().Matches(code))
            {
                string name = m.Groups[1].Value;
                if (!_typeFiles.TryGetValue(name, out var list))
                    _typeFiles[name] = list = new List<string>();
                list.Add(file);
            }
        }
    }

    /// <summary>Paths (relative, '/'-separated) of the repository's files.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>Number of citations checked so far (files, folders, links and identifiers).</summary>
    public int Checked { get; private set; }

    /// <summary>The violations of one page, each naming the page, the citation and what is missing.</summary>
    public IReadOnlyList<string> Check(string page, string markdown)
    {
        var violations = new List<string>();
        string text = FencedBlock().Replace(markdown, " ");
        string folder = Path.GetDirectoryName(page)?.Replace('\\', '/') ?? "";
        foreach (Match m in Link().Matches(text))
        {
            string target = m.Groups[1].Value.Split('#')[0];
            if (target.Length == 0 || UriScheme().IsMatch(target))
                continue;
            Checked++;
            if (!Exists(Path.GetFullPath(Path.Combine(_root, folder, target))))
                violations.Add($"{page}: link '{target}' leads to no file");
        }
        foreach (Match m in Backticked().Matches(text))
        {
            string cited = m.Groups[1].Value.Trim();
            string? problem = CheckCitation(cited);
            if (problem is not null)
                violations.Add($"{page}: `{cited}` {problem}");
        }
        return violations;
    }

    private string? CheckCitation(string cited)
    {
        if (cited.Contains("...", StringComparison.Ordinal) || cited.Contains('*', StringComparison.Ordinal))
            return null;
        if (PathLike().IsMatch(cited) && cited.Contains('/', StringComparison.Ordinal))
            return CheckPath(cited);
        if (BareFileName().IsMatch(cited) && FileExtensions.Any(e => cited.EndsWith(e, StringComparison.Ordinal)) && !cited.Contains('/'))
            return CheckFile(cited);
        if (cited.StartsWith("Microsoft.ML.Sparse", StringComparison.Ordinal) && DottedName().IsMatch(cited))
        {
            Checked++;
            return Directory.Exists(Path.Combine(_root, cited)) || _namespaces.Contains(cited) ? null : "names no project or namespace of the repository";
        }
        return CheckIdentifier(cited);
    }

    private string? CheckFile(string path)
    {
        Checked++;
        return _files.Any(f => EndsWithPath(f, path)) ? null : "names no file of the repository";
    }

    private string? CheckPath(string path)
    {
        string first = path.Split('/')[0];
        if (FileExtensions.Any(e => path.EndsWith(e, StringComparison.Ordinal)))
            return CheckFile(path);
        if (first is not ("data" or "artifacts") && Directory.Exists(Path.Combine(_root, first)))
        {
            Checked++;
            return Exists(Path.Combine(_root, path.TrimEnd('/'))) ? null : "names no file or folder of the repository";
        }
        if (!_folderNames.Contains(first))
            return null; // e.g. "mlContext.Model.Save/Load", "AdamBeta1/2": not a path
        Checked++;
        string trimmed = path.TrimEnd('/');
        if (_folders.Any(f => EndsWithPath(f, trimmed)))
            return null;
        if (path.EndsWith('/'))
            return "names no folder of the repository";
        int slash = trimmed.LastIndexOf('/');
        string parent = trimmed[..slash], last = trimmed[(slash + 1)..];
        string file = parent + "/" + last.Split('.')[0] + ".cs";
        if (!_files.Any(f => EndsWithPath(f, file)))
            return $"names no file {file} of the repository";
        return CheckIdentifier(last);
    }

    private string? CheckIdentifier(string cited)
    {
        string head = cited.Split(' ', '(', '<', '=', '[')[0];
        string[] parts = head.Split('.');
        string name = parts[0];
        if (!TypeLike().IsMatch(name))
            return null;
        Checked++;
        if (_typeFiles.TryGetValue(name, out var files))
        {
            if (parts.Length < 2 || !MemberName().IsMatch(parts[1]))
                return null;
            var member = new Regex(@"\b" + Regex.Escape(parts[1]) + @"\b", RegexOptions.CultureInvariant);
            return files.Any(f => member.IsMatch(_fileText[f])) ? null : $"cites {parts[1]}, which the files of {name} do not declare";
        }
        return _codeIdentifiers.Contains(name) || External.Contains(name) ? null : $"names no type or member of the repository ({name})";
    }

    private bool Exists(string fullPath) => File.Exists(fullPath) || Directory.Exists(fullPath);

    private static bool EndsWithPath(string candidate, string path) =>
        candidate == path || (candidate.EndsWith(path, StringComparison.Ordinal) && candidate[^(path.Length + 1)] is '/' or '.');

    private void Walk(string folder)
    {
        foreach (string file in Directory.EnumerateFiles(folder))
            _files.Add(Path.GetRelativePath(_root, file).Replace('\\', '/'));
        foreach (string sub in Directory.EnumerateDirectories(folder))
        {
            string name = Path.GetFileName(sub);
            if (SkippedFolders.Contains(name))
                continue;
            _folders.Add(Path.GetRelativePath(_root, sub).Replace('\\', '/'));
            _folderNames.Add(name);
            Walk(sub);
        }
    }

    [GeneratedRegex(@"```.*?```", RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"`([^`\n]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^[a-z][a-z0-9+.-]*:")]
    private static partial Regex UriScheme();

    [GeneratedRegex(@"^[\w.\-]+(/[\w.\-]+)*/?$")]
    private static partial Regex PathLike();

    [GeneratedRegex(@"^[\w.\-]+\.[a-z]+$")]
    private static partial Regex BareFileName();

    [GeneratedRegex(@"^[\w.]+$")]
    private static partial Regex DottedName();

    // Two capitalised words (MaskedLayerGraph) or I + a capitalised word (IDataView); not a placeholder such as LinearK.
    [GeneratedRegex(@"^(?:I[A-Z][a-z]|[A-Z][a-z0-9]+[A-Z][a-z0-9])[A-Za-z0-9]*$")]
    private static partial Regex TypeLike();

    [GeneratedRegex(@"[A-Za-z_]\w*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^[A-Za-z_]\w*$")]
    private static partial Regex MemberName();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/|<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"@""(?:""""|[^""])*""|""(?:\\.|[^""\\\n])*""")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();

    [GeneratedRegex(@"\b(?:class|struct|interface|enum|record|delegate\s+[\w<>\[\],.?]+)\s+([A-Z]\w*)")]
    private static partial Regex TypeDeclaration();
}
