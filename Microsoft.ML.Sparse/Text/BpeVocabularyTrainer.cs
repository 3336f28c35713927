// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Text;

/// <summary>
/// Learns a byte-pair-encoding vocabulary from text (Sennrich et al. 2016, on characters): counts the pieces that
/// <see cref="SubwordText"/> pre-tokenisation produces, starts from their characters and repeatedly merges the most
/// frequent adjacent pair. Deterministic: ties go to the pair with the smaller (left id, right id), ids are assigned
/// in a fixed order (special tokens, alphabet sorted ordinally, merge results as learnt).
/// Microsoft.ML.Tokenizers can encode with a BPE model but cannot learn one; this class fills that gap.
/// </summary>
internal static class BpeVocabularyTrainer
{
    /// <summary>Trains a model on <paramref name="texts"/>.</summary>
    /// <exception cref="ArgumentException">No text, or options out of range.</exception>
    public static BpeModel Train(IEnumerable<string> texts, BpeTrainingOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(options);
        int specials = SubwordSpecialTokens.All.Count;
        if (options.VocabularySize < specials + 1)
            throw new ArgumentOutOfRangeException(nameof(options), $"VocabularySize must be at least {specials + 1}, got {options.VocabularySize}.");
        if (options.MinPairFrequency < 1 || options.MinCharacterFrequency < 1 || options.MaxPieceLength < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "MinPairFrequency, MinCharacterFrequency and MaxPieceLength must be positive.");

        var normalizer = new SubwordTextNormalizer(options.LowerCase);
        var pieceCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (string text in texts)
        {
            cancellation.ThrowIfCancellationRequested();
            foreach (string piece in SubwordText.Pieces(normalizer.Normalize(text ?? "")))
                pieceCounts[piece] = pieceCounts.GetValueOrDefault(piece) + 1;
        }
        if (pieceCounts.Count == 0)
            throw new ArgumentException("Cannot train a vocabulary on empty text.", nameof(texts));

        var sortedPieces = pieceCounts.Keys.ToArray();
        Array.Sort(sortedPieces, StringComparer.Ordinal);
        var pieceSymbols = sortedPieces.Select(SubwordText.Symbols).ToArray();

        // Alphabet: frequent-enough symbols; if too many, the most frequent ones.
        var symbolCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int w = 0; w < sortedPieces.Length; w++)
            foreach (string s in pieceSymbols[w])
                symbolCounts[s] = symbolCounts.GetValueOrDefault(s) + pieceCounts[sortedPieces[w]];
        var alphabet = symbolCounts.Where(kv => kv.Value >= options.MinCharacterFrequency)
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(options.VocabularySize - specials)
            .Select(kv => kv.Key)
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToList();

        var tokens = new List<string>(SubwordSpecialTokens.All);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < tokens.Count; i++)
            ids[tokens[i]] = i;
        foreach (string s in alphabet)
        {
            ids[s] = tokens.Count;
            tokens.Add(s);
        }

        var state = new MergeState();
        for (int w = 0; w < sortedPieces.Length; w++)
        {
            if (sortedPieces[w].Length > options.MaxPieceLength)
                continue;
            state.AddWord(pieceSymbols[w].Select(s => ids.TryGetValue(s, out int id) ? id : -1).ToArray(), pieceCounts[sortedPieces[w]]);
        }

        var merges = new List<(int, int)>();
        var learnt = new HashSet<(int, int)>();
        while (tokens.Count < options.VocabularySize)
        {
            cancellation.ThrowIfCancellationRequested();
            if (!state.TryTakeBest(options.MinPairFrequency, out int left, out int right))
                break;
            string merged = tokens[left] + tokens[right];
            if (!ids.TryGetValue(merged, out int newId))
            {
                newId = tokens.Count;
                tokens.Add(merged);
                ids[merged] = newId;
            }
            // A pair can only come back when two merges produced the same string; its first rank already covers it.
            if (learnt.Add((left, right)))
                merges.Add((left, right));
            state.Merge(left, right, newId);
        }
        return new BpeModel(tokens, merges, options.LowerCase);
    }

    /// <summary>Word symbol sequences with incremental pair statistics and a lazily invalidated priority queue.</summary>
    private sealed class MergeState
    {
        private readonly List<int[]> _words = new();
        private readonly List<long> _counts = new();
        private readonly Dictionary<long, long> _pairCounts = new();
        private readonly Dictionary<long, List<int>> _pairWords = new();
        private readonly PriorityQueue<long, (long Count, long Key)> _queue = new(Comparer<(long Count, long Key)>.Create(
            (x, y) => x.Count != y.Count ? y.Count.CompareTo(x.Count) : x.Key.CompareTo(y.Key)));
        private int[] _visited = Array.Empty<int>();
        private int _stamp;

        private static long Key(int a, int b) => ((long)a << 32) | (uint)b;

        public void AddWord(int[] symbols, long count)
        {
            int index = _words.Count;
            _words.Add(symbols);
            _counts.Add(count);
            for (int i = 0; i + 1 < symbols.Length; i++)
            {
                if (symbols[i] < 0 || symbols[i + 1] < 0)
                    continue;
                long key = Key(symbols[i], symbols[i + 1]);
                _pairCounts[key] = _pairCounts.GetValueOrDefault(key) + count;
                IndexWord(key, index);
            }
        }

        private void IndexWord(long key, int word)
        {
            if (!_pairWords.TryGetValue(key, out var list))
                _pairWords[key] = list = new List<int>();
            if (list.Count == 0 || list[^1] != word)
                list.Add(word);
        }

        /// <summary>Pops the most frequent pair (ties: smaller ids), or false when none reaches <paramref name="minCount"/>.</summary>
        public bool TryTakeBest(int minCount, out int left, out int right)
        {
            if (_stamp == 0)
            {
                // First call: seed the queue with every pair.
                foreach (var (key, count) in _pairCounts)
                    _queue.Enqueue(key, (count, key));
                _visited = new int[_words.Count];
                _stamp = 1;
            }
            while (_queue.TryDequeue(out long key, out var priority))
            {
                if (_pairCounts.GetValueOrDefault(key) != priority.Count || priority.Count <= 0)
                    continue; // stale entry
                if (priority.Count < minCount)
                    break;
                left = (int)(key >> 32);
                right = (int)(uint)key;
                return true;
            }
            left = right = -1;
            return false;
        }

        /// <summary>Replaces every non-overlapping (left, right) in the words containing it by <paramref name="merged"/>.</summary>
        public void Merge(int left, int right, int merged)
        {
            long mergedKey = Key(left, right);
            if (!_pairWords.Remove(mergedKey, out var words))
                return;
            _stamp++;
            var changed = new HashSet<long>();
            foreach (int w in words)
            {
                if (_visited[w] == _stamp)
                    continue;
                _visited[w] = _stamp;
                int[] old = _words[w];
                long count = _counts[w];
                var updated = new List<int>(old.Length);
                for (int i = 0; i < old.Length; i++)
                {
                    if (i + 1 < old.Length && old[i] == left && old[i + 1] == right)
                    {
                        updated.Add(merged);
                        i++;
                    }
                    else
                    {
                        updated.Add(old[i]);
                    }
                }
                if (updated.Count == old.Length)
                    continue; // stale index entry: the pair is no longer in this word
                AdjustPairs(old, -count, w, changed, index: false);
                int[] next = updated.ToArray();
                AdjustPairs(next, count, w, changed, index: true);
                _words[w] = next;
            }
            _pairCounts.Remove(mergedKey);
            foreach (long key in changed)
                if (_pairCounts.TryGetValue(key, out long c) && c > 0)
                    _queue.Enqueue(key, (c, key));
        }

        private void AdjustPairs(int[] symbols, long delta, int word, HashSet<long> changed, bool index)
        {
            for (int i = 0; i + 1 < symbols.Length; i++)
            {
                if (symbols[i] < 0 || symbols[i + 1] < 0)
                    continue;
                long key = Key(symbols[i], symbols[i + 1]);
                long value = _pairCounts.GetValueOrDefault(key) + delta;
                if (value == 0)
                    _pairCounts.Remove(key);
                else
                    _pairCounts[key] = value;
                changed.Add(key);
                if (index)
                    IndexWord(key, word);
            }
        }
    }
}
