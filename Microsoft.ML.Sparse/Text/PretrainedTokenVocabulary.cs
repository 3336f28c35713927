// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Text;

/// <summary>
/// The ids of a language model that uses a user's <see cref="LanguageModelTokenizer"/>: the tokenizer's ids
/// 0 .. V − 1 for text, then three of the model's own, padding (V), &lt;s&gt; (V + 1) and &lt;/s&gt; (V + 2), so the
/// marks never collide with whatever special tokens the tokenizer defines.
/// </summary>
internal sealed class PretrainedTokenVocabulary : ITokenVocabulary
{
    public PretrainedTokenVocabulary(LanguageModelTokenizer tokenizer)
    {
        Tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));
        PadId = tokenizer.VocabularySize;
        BeginId = PadId + 1;
        EndId = PadId + 2;
        Size = PadId + 3;
    }

    /// <summary>The user's tokenizer (saved with the model).</summary>
    public LanguageModelTokenizer Tokenizer { get; }

    public int Size { get; }

    public int PadId { get; }

    public int BeginId { get; }

    public int EndId { get; }

    /// <exception cref="InvalidOperationException">The tokenizer produced an id outside its own vocabulary.</exception>
    public int[] Encode(string text, int maxLength = int.MaxValue, bool addBegin = false, bool addEnd = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        int budget = TokenFraming.TextBudget(maxLength, addBegin, addEnd);
        IReadOnlyList<int> body = text.Length == 0 ? Array.Empty<int>() : Tokenizer.Tokenizer.EncodeToIds(text, budget, out _, out _);
        var textIds = new List<int>(body.Count);
        int? unknown = Tokenizer.FusedUnknownId;
        for (int i = 0; i < body.Count; i++)
        {
            int id = body[i];
            if (id < 0 || id >= PadId)
                throw new InvalidOperationException($"The {Tokenizer} produced id {id}, outside its vocabulary of {PadId} ids; its files are inconsistent.");
            if (id == unknown && i > 0 && body[i - 1] == unknown)
                continue; // one unknown piece for a run of unknown characters, as the SentencePiece library writes it
            textIds.Add(id);
        }
        return TokenFraming.Frame(textIds, this, addBegin, addEnd);
    }

    public string Decode(IEnumerable<int> ids)
    {
        var kept = TokenFraming.TextIds(ids, this, id => id < PadId);
        return kept.Count == 0 ? "" : Tokenizer.Tokenizer.Decode(kept) ?? "";
    }
}
