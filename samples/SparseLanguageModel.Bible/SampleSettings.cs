// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Microsoft.ML.Sparse;

/// <summary>
/// Command line of the sample (System.CommandLine): --verses N, --epochs N, a tokenizer of your own
/// (--sentencepiece FILE, or --gpt2-vocab FILE with --gpt2-merges FILE), --help.
/// </summary>
internal sealed record SampleSettings(int Verses, int Epochs, FileInfo? SentencePiece, FileInfo? Gpt2Vocabulary, FileInfo? Gpt2Merges)
{
    /// <summary>The tokenizer the command line names, or null to learn a BPE vocabulary from the verses.</summary>
    public LanguageModelTokenizer? Tokenizer()
    {
        if (SentencePiece is not null)
        {
            using var model = SentencePiece.OpenRead();
            return LanguageModelTokenizer.FromSentencePiece(model);
        }
        if (Gpt2Vocabulary is null || Gpt2Merges is null)
            return null;
        using var vocabulary = Gpt2Vocabulary.OpenRead();
        using var merges = Gpt2Merges.OpenRead();
        return LanguageModelTokenizer.FromGpt2Files(vocabulary, merges);
    }

    /// <summary>
    /// Parses the arguments. Returns null after printing the help (exit code 0) or the errors with their fix (exit code 2).
    /// </summary>
    public static SampleSettings? Parse(string[] args, out int exitCode)
    {
        var verses = new Option<int>("--verses")
        {
            Description = "Training verses (the first N of the chapter-split training set).",
            HelpName = "N",
            DefaultValueFactory = _ => 6000,
            CustomParser = PositiveInteger,
        };
        var epochs = new Option<int>("--epochs")
        {
            Description = "Training epochs (early stopping after 2 epochs without a better validation loss).",
            HelpName = "N",
            DefaultValueFactory = _ => 3,
            CustomParser = PositiveInteger,
        };
        var sentencePiece = ExistingFile("--sentencepiece", "A SentencePiece model (tokenizer.model) to use instead of learning a vocabulary.");
        var gpt2Vocabulary = ExistingFile("--gpt2-vocab", "A GPT-2 vocab.json to use instead of learning a vocabulary (with --gpt2-merges).");
        var gpt2Merges = ExistingFile("--gpt2-merges", "The merges.txt that goes with --gpt2-vocab.");
        var command = new RootCommand("Trains a tiny sparse language model (CHTss, 30% density) on the King James Bible, " +
            "prints generated text, the held-out perplexity and the most and least likely held-out verses.") { verses, epochs, sentencePiece, gpt2Vocabulary, gpt2Merges };
        command.Validators.Add(result =>
        {
            bool vocabulary = result.GetValue(gpt2Vocabulary) is not null, merges = result.GetValue(gpt2Merges) is not null;
            if (vocabulary != merges)
                result.AddError("--gpt2-vocab and --gpt2-merges go together: give both files, e.g. --gpt2-vocab vocab.json --gpt2-merges merges.txt.");
            if (result.GetValue(sentencePiece) is not null && (vocabulary || merges))
                result.AddError("Give one tokenizer: either --sentencepiece FILE or --gpt2-vocab FILE --gpt2-merges FILE.");
        });
        if (SampleCommandLine.Parse(command, args, out exitCode) is not { } parsed)
            return null;
        return new SampleSettings(parsed.GetValue(verses), parsed.GetValue(epochs), parsed.GetValue(sentencePiece), parsed.GetValue(gpt2Vocabulary), parsed.GetValue(gpt2Merges));
    }

    private static Option<FileInfo?> ExistingFile(string name, string description)
    {
        var option = new Option<FileInfo?>(name) { Description = description, HelpName = "FILE" };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<FileInfo?>() is { Exists: false } file)
                result.AddError($"{name}: the file '{file.FullName}' does not exist; give the path of an existing file.");
        });
        return option;
    }

    private static int PositiveInteger(ArgumentResult result)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0)
            return value;
        string name = result.Parent is OptionResult option ? option.Option.Name : "the value";
        result.AddError($"{name} needs a positive whole number, e.g. {name} 10; got '{text}'.");
        return 0;
    }
}
