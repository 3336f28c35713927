// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Sparse.LanguageModels;
using Microsoft.ML.Tokenizers;

namespace Microsoft.ML.Sparse;

/// <summary>
/// A pretrained tokenizer for the sparse language model (<c>SparseLanguageModelOptions.Tokenizer</c>), used instead of
/// the subword vocabulary the trainer otherwise learns from the training texts. It is built from the files that define
/// it, with the Microsoft.ML.Tokenizers implementation of their format, and those files travel inside the saved model
/// zip, so a loaded model encodes exactly as the trained one did. The model adds three ids of its own after the
/// tokenizer's (padding, &lt;s&gt; and &lt;/s&gt;), so its vocabulary has <see cref="VocabularySize"/> + 3 ids.
/// </summary>
/// <remarks>
/// The files are read once, when the tokenizer is created; the streams are not kept. Only use tokenizer files from a
/// source you trust, as you would a model.
/// </remarks>
public sealed class LanguageModelTokenizer
{
    private const string Magic = "MLSP.LanguageModelTokenizer";
    private const int FormatVersion = 1;
    private const int MaxFileBytes = 256 << 20;

    /// <summary>GPT-2's pre-tokenization: contractions, letters, digits and other symbols each with an optional leading space, whitespace runs.</summary>
    private static readonly Regex Gpt2Split = new(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+", RegexOptions.Compiled);

    private readonly byte[][] _files;

    private LanguageModelTokenizer(LanguageModelTokenizerFormat format, byte[][] files)
    {
        Format = format;
        _files = files;
        (Tokenizer, VocabularySize, FusedUnknownId) = Create(format, files);
    }

    /// <summary>
    /// A GPT-2 style byte-level BPE tokenizer from its <c>vocab.json</c> and <c>merges.txt</c> (the files of GPT-2,
    /// RoBERTa, CodeGen, Phi-2 and other models in the Hugging Face format). Byte-level: every text encodes, nothing is
    /// unknown, and decoding restores the text exactly.
    /// </summary>
    /// <param name="vocabularyJson">The vocab.json file: a JSON object from token to id.</param>
    /// <param name="merges">The merges.txt file: one merge per line ("Ġ t"), an optional "#version" first line.</param>
    /// <exception cref="ArgumentException">The files are not a GPT-2 byte-level BPE tokenizer (the message says why).</exception>
    public static LanguageModelTokenizer FromGpt2Files(Stream vocabularyJson, Stream merges)
    {
        ArgumentNullException.ThrowIfNull(vocabularyJson);
        ArgumentNullException.ThrowIfNull(merges);
        return Build(LanguageModelTokenizerFormat.Gpt2, new[] { ReadAll(vocabularyJson, nameof(vocabularyJson)), ReadAll(merges, nameof(merges)) },
            "The vocab.json and merges.txt files are not a GPT-2 byte-level BPE tokenizer", nameof(vocabularyJson));
    }

    /// <summary>
    /// A SentencePiece tokenizer from its model file (<c>tokenizer.model</c> of LLaMA, Mistral, T5 and others; BPE or
    /// unigram), as trained by the sentencepiece library. Characters outside its pieces encode as its unknown piece
    /// unless the model was trained with byte fallback.
    /// </summary>
    /// <param name="model">The serialised SentencePiece model (protobuf).</param>
    /// <exception cref="ArgumentException">The stream is not a SentencePiece model (the message says why).</exception>
    public static LanguageModelTokenizer FromSentencePiece(Stream model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Build(LanguageModelTokenizerFormat.SentencePiece, new[] { ReadAll(model, nameof(model)) },
            "The stream is not a SentencePiece model", nameof(model));
    }

    /// <summary>Ids the tokenizer itself produces (0 .. VocabularySize − 1); the language model adds three after them.</summary>
    public int VocabularySize { get; }

    /// <summary>The format the tokenizer was built from.</summary>
    internal LanguageModelTokenizerFormat Format { get; }

    /// <summary>The Microsoft.ML.Tokenizers tokenizer doing the work.</summary>
    internal Tokenizer Tokenizer { get; }

    /// <summary>
    /// The unknown id that stands for a whole run of characters without a piece (SentencePiece writes one for the run,
    /// Microsoft.ML.Tokenizers one per character), or null where the format has no such runs.
    /// </summary>
    internal int? FusedUnknownId { get; }

    /// <summary>The format and size, e.g. "GPT-2 byte-level BPE tokenizer, 50257 ids".</summary>
    public override string ToString() =>
        (Format == LanguageModelTokenizerFormat.Gpt2 ? "GPT-2 byte-level BPE" : "SentencePiece") + $" tokenizer, {VocabularySize} ids";

    /// <summary>Writes the format and the files (magic, version, format byte, file count, each file length-prefixed).</summary>
    internal void Write(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write((byte)Format);
        writer.Write(_files.Length);
        foreach (var file in _files)
        {
            writer.Write(file.Length);
            writer.Write(file);
        }
    }

    /// <summary>Reads a tokenizer written by <see cref="Write"/>.</summary>
    /// <exception cref="InvalidDataException">The stream is not a saved tokenizer, is truncated, or its files do not build one.</exception>
    internal static LanguageModelTokenizer Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            if (reader.ReadString() != Magic)
                throw new InvalidDataException("Not a language-model tokenizer stream (bad magic).");
            int version = reader.ReadInt32();
            if (version != FormatVersion)
                throw new InvalidDataException($"Unsupported tokenizer format version {version} (this build reads {FormatVersion}).");
            var format = (LanguageModelTokenizerFormat)reader.ReadByte();
            int expected = format switch
            {
                LanguageModelTokenizerFormat.Gpt2 => 2,
                LanguageModelTokenizerFormat.SentencePiece => 1,
                _ => throw new InvalidDataException($"Unknown tokenizer format {(byte)format}."),
            };
            int count = reader.ReadInt32();
            if (count != expected)
                throw new InvalidDataException($"A {format} tokenizer has {expected} file(s), the stream says {count}.");
            var files = new byte[count][];
            for (int i = 0; i < count; i++)
            {
                int length = reader.ReadInt32();
                if (length < 0 || length > MaxFileBytes)
                    throw new InvalidDataException($"Implausible tokenizer file length {length}.");
                files[i] = reader.ReadBytes(length);
                if (files[i].Length != length)
                    throw new EndOfStreamException();
            }
            try
            {
                return new LanguageModelTokenizer(format, files);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw new InvalidDataException($"The saved {format} tokenizer files do not build a tokenizer: {ex.Message}", ex);
            }
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("The tokenizer stream is truncated.", ex);
        }
    }

    private static LanguageModelTokenizer Build(LanguageModelTokenizerFormat format, byte[][] files, string failure, string parameter)
    {
        try
        {
            return new LanguageModelTokenizer(format, files);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ArgumentException($"{failure}: {ex.Message}", parameter, ex);
        }
    }

    private static (Tokenizer Tokenizer, int VocabularySize, int? FusedUnknownId) Create(LanguageModelTokenizerFormat format, byte[][] files)
    {
        switch (format)
        {
            case LanguageModelTokenizerFormat.Gpt2:
            {
                var vocabulary = JsonSerializer.Deserialize<Dictionary<string, int>>(files[0])
                    ?? throw new InvalidDataException("vocab.json holds null instead of an object from token to id.");
                var tokenizer = BpeTokenizer.Create(new BpeOptions(vocabulary)
                {
                    Merges = Gpt2Merges(files[1]),
                    ByteLevel = true,
                    PreTokenizer = new RegexPreTokenizer(Gpt2Split, specialTokens: null),
                });
                return (tokenizer, Size(vocabulary.Values), null);
            }
            case LanguageModelTokenizerFormat.SentencePiece:
            {
                var tokenizer = SentencePieceTokenizer.Create(new MemoryStream(files[0], writable: false), addBeginningOfSentence: false, addEndOfSentence: false);
                return (tokenizer, Size(tokenizer.Vocabulary.Values), tokenizer.UnknownId);
            }
            default:
                throw new InvalidDataException($"Unknown tokenizer format {(byte)format}.");
        }
    }

    /// <summary>The merges of merges.txt: its lines but the "#version" header and blank lines.</summary>
    private static List<string> Gpt2Merges(byte[] file) =>
        Encoding.UTF8.GetString(file).Split('\n').Select(line => line.TrimEnd('\r'))
            .Where(line => line.Length > 0 && !line.StartsWith("#version", StringComparison.Ordinal)).ToList();

    private static int Size(IEnumerable<int> ids)
    {
        int max = -1;
        foreach (int id in ids)
        {
            if (id < 0)
                throw new InvalidDataException($"Token id {id} is negative.");
            max = Math.Max(max, id);
        }
        if (max < 0)
            throw new InvalidDataException("The vocabulary is empty.");
        return checked(max + 1);
    }

    private static byte[] ReadAll(Stream stream, string parameter)
    {
        if (!stream.CanRead)
            throw new ArgumentException("The stream cannot be read.", parameter);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        if (copy.Length > MaxFileBytes)
            throw new ArgumentException($"The file has {copy.Length} bytes; a tokenizer file of more than {MaxFileBytes} bytes is not supported.", parameter);
        return copy.ToArray();
    }
}
