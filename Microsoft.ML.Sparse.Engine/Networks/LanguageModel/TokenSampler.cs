// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Networks.LanguageModel;

/// <summary>
/// Autoregressive generation from a <see cref="DecoderOnlyTransformer"/>: the model re-reads the last MaxLength ids
/// before each new id (no key/value cache; the models are small). Greedy takes the most probable id (the lowest id on
/// ties); sampling draws from softmax(logits / temperature) restricted to the top-k ids, with a <see cref="Random"/>
/// the caller seeds, so a seed gives the same text every time.
/// </summary>
internal static class TokenSampler
{
    /// <summary>New ids after <paramref name="prompt"/> (which holds at least one id), stopping after <paramref name="endId"/> or <paramref name="maxNewTokens"/> ids.</summary>
    /// <param name="model">The model, in evaluation mode.</param>
    /// <param name="prompt">Ids to continue (usually &lt;s&gt; and the prompt's tokens).</param>
    /// <param name="maxNewTokens">Most ids generated.</param>
    /// <param name="endId">The end-of-text id (generated ids include it when it is drawn).</param>
    /// <param name="greedy">Greedy (true) or sampling (false).</param>
    /// <param name="temperature">Sampling temperature &gt; 0.</param>
    /// <param name="topK">Sample among the k most probable ids; 0 for all.</param>
    /// <param name="random">Source of the draws (sampling only).</param>
    /// <param name="cancellation">Checked before each id.</param>
    public static List<int> Generate(DecoderOnlyTransformer model, IReadOnlyList<int> prompt, int maxNewTokens, int endId, bool greedy,
        double temperature, int topK, Random random, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(random);
        if (prompt.Count == 0)
            throw new ArgumentException("Generation needs at least one prompt id.", nameof(prompt));
        var ids = prompt.ToList();
        var generated = new List<int>();
        using var _ = no_grad();
        for (int n = 0; n < maxNewTokens; n++)
        {
            cancellation.ThrowIfCancellationRequested();
            float[] logits;
            using (var scope = NewDisposeScope())
            {
                int start = Math.Max(0, ids.Count - model.MaxLength);
                var context = tensor(ids.Skip(start).Select(i => (long)i).ToArray(), new long[] { 1, ids.Count - start }, ScalarType.Int64);
                logits = model.forward(context)[0, -1].to(ScalarType.Float32).data<float>().ToArray();
            }
            int next = greedy ? ArgMax(logits) : Sample(logits, temperature, topK, random);
            generated.Add(next);
            ids.Add(next);
            if (next == endId)
                break;
        }
        return generated;
    }

    /// <summary>Index of the largest value (the first on ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
            if (values[i] > values[best])
                best = i;
        return best;
    }

    /// <summary>One draw from softmax(<paramref name="logits"/> / temperature) over the top-k ids (ties at the k-th value broken by lower id).</summary>
    public static int Sample(float[] logits, double temperature, int topK, Random random)
    {
        if (!(temperature > 0) || double.IsInfinity(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "Temperature must be a finite number > 0.");
        var order = Enumerable.Range(0, logits.Length).OrderByDescending(i => logits[i]).ThenBy(i => i).ToArray();
        int k = topK <= 0 ? logits.Length : Math.Min(topK, logits.Length);
        double max = logits[order[0]];
        var weights = new double[k];
        double total = 0;
        for (int j = 0; j < k; j++)
        {
            weights[j] = Math.Exp((logits[order[j]] - max) / temperature);
            total += weights[j];
        }
        double u = random.NextDouble() * total;
        for (int j = 0; j < k; j++)
        {
            u -= weights[j];
            if (u < 0)
                return order[j];
        }
        return order[k - 1];
    }
}
