// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Networks.LanguageModel;

/// <summary>
/// Cuts one text's ids (&lt;s&gt; t₁ … tₙ &lt;/s&gt;) into the windows a language model reads: each window holds at most
/// maxLength + 1 ids (the model reads its first maxLength and predicts its last maxLength), and window k + 1 starts with the
/// last id of window k, so every id after &lt;s&gt; is predicted exactly once. Training and scoring use the same windows,
/// so a text's score is the sum over its windows and a long text's later windows see only their own window as context.
/// </summary>
internal static class TokenWindows
{
    /// <summary>The windows of <paramref name="ids"/> (at least two ids); each has 2..maxLength + 1 ids.</summary>
    public static IEnumerable<int[]> Split(IReadOnlyList<int> ids, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (maxLength < 1)
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "Windows need at least one input position.");
        if (ids.Count < 2)
            throw new ArgumentException("A text needs at least two ids (<s> and one token to predict).", nameof(ids));
        for (int start = 0; start < ids.Count - 1; start += maxLength)
        {
            int count = Math.Min(maxLength + 1, ids.Count - start);
            var window = new int[count];
            for (int i = 0; i < count; i++)
                window[i] = ids[start + i];
            yield return window;
        }
    }

    /// <summary>Ids predicted in <paramref name="windows"/>: Σ (length − 1).</summary>
    public static long PredictedTokens(IEnumerable<int[]> windows) => windows.Sum(w => (long)w.Length - 1);
}
