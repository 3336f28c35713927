// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;



namespace Microsoft.ML.Sparse.Engine.Csr.Initialization;

/// <summary>
/// Sampling k of n items without replacement with p ∝ exp(logWeight), i.e. the k largest of logWeight_j + Gumbel_j
/// (what <c>GumbelTopK</c> and <c>torch.multinomial</c> without replacement draw), for items given in non-increasing
/// log-weight order. Exponential jumps (Efraimidis–Spirakis A-ExpJ in Gumbel form) draw a key only for the items
/// that can beat the current k-th largest key τ: item j does with probability 1 − exp(−h_j), h_j = exp(logWeight_j − τ),
/// so the next such item is where the running sum of h reaches an Exp(1) draw, and its key is drawn conditionally.
/// The scan stops as soon as the remaining items cannot reach it (their h is at most the current one). Expected
/// O(k log(n/k)) keys and a heap of k entries instead of n keys and a selection.
/// </summary>
internal static class CsrGumbelTopK
{
    /// <summary>
    /// Fills <paramref name="chosen"/> (length k ≤ n) with the ranks (indices into <paramref name="logWeights"/>) of the
    /// sampled items, in no particular order.
    /// </summary>
    /// <param name="logWeights">Log-weights of the n items, non-increasing.</param>
    /// <param name="chosen">Receives the k sampled ranks.</param>
    /// <param name="keys">Scratch of at least k entries.</param>
    /// <param name="random">Source of the draws.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SampleOrdered(ReadOnlySpan<double> logWeights, Span<int> chosen, Span<double> keys, SplitMixRandom random)
    {
        int n = logWeights.Length, k = chosen.Length;
        if (k > n || keys.Length < k)
            throw new ArgumentOutOfRangeException(nameof(chosen), k, $"Cannot sample {k} of {n} items with {keys.Length} scratch keys.");
        if (k == 0)
            return;
        keys = keys[..k];
        for (int t = 0; t < k; t++)
        {
            keys[t] = logWeights[t] + random.NextGumbel();
            chosen[t] = t;
        }
        for (int i = k / 2 - 1; i >= 0; i--)
            SiftDown(keys, chosen, i);
        int next = k;
        while (next < n)
        {
            double tau = keys[0], residual = SplitMixRandom.Exponential(random.NextUInt64()), hazard = 0;
            for (; next < n; next++)
            {
                hazard = Math.Exp(logWeights[next] - tau);
                if (hazard >= residual || (n - next) * hazard < residual)
                    break;
                residual -= hazard;
            }
            if (next == n || hazard < residual)
                return; // no remaining item can beat τ
            // Item `next` beats τ: its E = exp(−Gumbel) is Exp(1) conditioned on E < hazard.
            double u = ((random.NextUInt64() >> 11) + 0.5) * (1.0 / (1UL << 53));
            double e = NegativeLogOneMinus(u * OneMinusExpNegative(hazard));
            keys[0] = logWeights[next] - Math.Log(e);
            chosen[0] = next++;
            SiftDown(keys, chosen, 0);
        }
    }

    // 1 − exp(−h), accurate for small h.
    private static double OneMinusExpNegative(double h) => h < 1e-5 ? h * (1 - h / 2 * (1 - h / 3)) : 1 - Math.Exp(-h);

    // −log(1 − x) for x in [0, 1), accurate for small x.
    private static double NegativeLogOneMinus(double x) => x < 1e-5 ? x * (1 + x * (0.5 + x / 3)) : -Math.Log(1 - x);

    // Restores the min-heap order of `keys` (items alongside) below position i.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SiftDown(Span<double> keys, Span<int> items, int i)
    {
        int n = keys.Length;
        while (true)
        {
            int smallest = i, left = 2 * i + 1, right = left + 1;
            if (left < n && keys[left] < keys[smallest])
                smallest = left;
            if (right < n && keys[right] < keys[smallest])
                smallest = right;
            if (smallest == i)
                return;
            (keys[i], keys[smallest]) = (keys[smallest], keys[i]);
            (items[i], items[smallest]) = (items[smallest], items[i]);
            i = smallest;
        }
    }
}
