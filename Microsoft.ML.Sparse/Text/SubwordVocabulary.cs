// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Text;
using Microsoft.ML.Tokenizers;

namespace Microsoft.ML.Sparse.Text;

/// <summary>
/// A subword vocabulary learnt from training text (<see cref="BpeVocabularyTrainer"/>) and applied with the
/// Microsoft.ML.Tokenizers <see cref="BpeTokenizer"/>: encodes text to ids (optionally with &lt;s&gt; / &lt;/s&gt; and a
/// length limit), decodes ids back to text, and serialises itself to a byte stream (for the model zip).
/// Ids 0..3 are &lt;pad&gt; &lt;unk&gt; &lt;s&gt; &lt;/s&gt; (<see cref="SubwordSpecialTokens"/>).
/// Decoding restores single-spaced text exactly: <c>Decode(Encode(t)) == t</c> for text whose characters are all in
/// the alphabet and whose whitespace is single spaces (lower-cased when <see cref="LowerCase"/>).
/// </summary>
internal sealed class SubwordVocabulary : ITokenVocabulary
{
    private const string Magic = "MLSP.SubwordVocabulary";
    private const int FormatVersion = 1;

    /// <summary>Builds the vocabulary and its BPE tokenizer from a trained model.</summary>
    /// <exception cref="InvalidDataException">The model is inconsistent (bad special tokens, unknown merge ids, duplicates).</exception>
    public SubwordVocabulary(BpeModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Validate(model);
        Model = model;
        var vocabulary = new Dictionary<string, int>(model.Tokens.Count, StringComparer.Ordinal);
        for (int i = 0; i < model.Tokens.Count; i++)
            vocabulary.Add(model.Tokens[i], i);
        var specials = SubwordSpecialTokens.All.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i);
        try
        {
            Tokenizer = BpeTokenizer.Create(new BpeOptions(vocabulary)
            {
                Merges = model.Merges.Select(m => model.Tokens[m.Left] + " " + model.Tokens[m.Right]),
                SpecialTokens = specials,
                UnknownToken = SubwordSpecialTokens.Unknown,
                FuseUnknownTokens = true,
                Normalizer = new SubwordTextNormalizer(model.LowerCase),
                PreTokenizer = SubwordText.CreatePreTokenizer(),
            });
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidDataException("The subword model is inconsistent: " + ex.Message, ex);
        }
    }

    /// <summary>Learns a vocabulary from <paramref name="texts"/> (deterministic for the same input and options).</summary>
    public static SubwordVocabulary Train(IEnumerable<string> texts, BpeTrainingOptions options, CancellationToken cancellation = default)
        => new(BpeVocabularyTrainer.Train(texts, options, cancellation));

    /// <summary>The underlying model (tokens in id order and merges).</summary>
    public BpeModel Model { get; }

    /// <summary>The Microsoft.ML.Tokenizers tokenizer doing the encoding and decoding.</summary>
    public BpeTokenizer Tokenizer { get; }

    /// <summary>Number of ids (special tokens included).</summary>
    public int Size => Model.Tokens.Count;

    /// <summary>Whether text is lower-cased before encoding.</summary>
    public bool LowerCase => Model.LowerCase;

    /// <summary>Id of &lt;pad&gt;.</summary>
    public int PadId => SubwordSpecialTokens.PadId;

    /// <summary>Id of &lt;unk&gt;.</summary>
    public int UnknownId => SubwordSpecialTokens.UnknownId;

    /// <summary>Id of &lt;s&gt;.</summary>
    public int BeginId => SubwordSpecialTokens.BeginId;

    /// <summary>Id of &lt;/s&gt;.</summary>
    public int EndId => SubwordSpecialTokens.EndId;

    /// <summary>
    /// Encodes <paramref name="text"/>. With <paramref name="maxLength"/>, the text ids are cut so that the result,
    /// including &lt;s&gt; / &lt;/s&gt; when requested, has at most that many ids (&lt;/s&gt; is kept after a cut).
    /// </summary>
    public int[] Encode(string text, int maxLength = int.MaxValue, bool addBegin = false, bool addEnd = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        int budget = TokenFraming.TextBudget(maxLength, addBegin, addEnd);
        IReadOnlyList<int> body = text.Length == 0
            ? Array.Empty<int>()
            : Tokenizer.EncodeToIds(text, budget, out _, out _);
        return TokenFraming.Frame(body, this, addBegin, addEnd);
    }

    /// <summary>
    /// Decodes ids to text. Stops at the first &lt;/s&gt;; &lt;pad&gt;, &lt;s&gt; and &lt;unk&gt; are left out.
    /// </summary>
    public string Decode(IEnumerable<int> ids)
    {
        var kept = TokenFraming.TextIds(ids, this, id => id >= SubwordSpecialTokens.All.Count);
        return SubwordText.Restore(Tokenizer.Decode(kept, considerSpecialTokens: false));
    }

    /// <summary>Writes the vocabulary (format: magic, version, lower-case flag, tokens, merges as id pairs).</summary>
    public void Write(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(Model.LowerCase);
        writer.Write(Model.Tokens.Count);
        foreach (string token in Model.Tokens)
            writer.Write(token);
        writer.Write(Model.Merges.Count);
        foreach (var (left, right) in Model.Merges)
        {
            writer.Write(left);
            writer.Write(right);
        }
    }

    /// <summary>Reads a vocabulary written by <see cref="Write"/>.</summary>
    /// <exception cref="InvalidDataException">The stream is not a subword vocabulary or is corrupt.</exception>
    public static SubwordVocabulary Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            if (reader.ReadString() != Magic)
                throw new InvalidDataException("Not a subword vocabulary stream (bad magic).");
            int version = reader.ReadInt32();
            if (version != FormatVersion)
                throw new InvalidDataException($"Unsupported subword vocabulary format version {version} (this build reads {FormatVersion}).");
            bool lowerCase = reader.ReadBoolean();
            int tokenCount = reader.ReadInt32();
            if (tokenCount < SubwordSpecialTokens.All.Count || tokenCount > 10_000_000)
                throw new InvalidDataException($"Implausible token count {tokenCount}.");
            var tokens = new string[tokenCount];
            for (int i = 0; i < tokenCount; i++)
                tokens[i] = reader.ReadString();
            int mergeCount = reader.ReadInt32();
            if (mergeCount < 0 || mergeCount > tokenCount * 4L)
                throw new InvalidDataException($"Implausible merge count {mergeCount}.");
            var merges = new (int, int)[mergeCount];
            for (int i = 0; i < mergeCount; i++)
                merges[i] = (reader.ReadInt32(), reader.ReadInt32());
            return new SubwordVocabulary(new BpeModel(tokens, merges, lowerCase));
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("The subword vocabulary stream is truncated.", ex);
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException("The subword vocabulary stream is corrupt.", ex);
        }
    }

    private static void Validate(BpeModel model)
    {
        for (int i = 0; i < SubwordSpecialTokens.All.Count; i++)
            if (i >= model.Tokens.Count || model.Tokens[i] != SubwordSpecialTokens.All[i])
                throw new InvalidDataException($"Token {i} must be '{SubwordSpecialTokens.All[i]}'.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string token in model.Tokens)
        {
            if (string.IsNullOrEmpty(token) || token.Any(char.IsWhiteSpace))
                throw new InvalidDataException("Tokens must be non-empty and contain no whitespace.");
            if (!seen.Add(token))
                throw new InvalidDataException($"Duplicate token '{token}'.");
        }
        foreach (var (left, right) in model.Merges)
        {
            if (left < SubwordSpecialTokens.All.Count || right < SubwordSpecialTokens.All.Count || left >= model.Tokens.Count || right >= model.Tokens.Count)
                throw new InvalidDataException($"Merge ({left}, {right}) refers to ids outside the vocabulary.");
            if (!seen.Contains(model.Tokens[left] + model.Tokens[right]))
                throw new InvalidDataException($"Merge result '{model.Tokens[left] + model.Tokens[right]}' is not in the vocabulary.");
        }
    }
}
