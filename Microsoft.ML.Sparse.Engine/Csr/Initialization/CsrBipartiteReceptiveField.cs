// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Core.Kernels;

namespace Microsoft.ML.Sparse.Engine.Csr.Initialization;

/// <summary>
/// Bipartite receptive field (BRF) initialisation (managed port of <c>BipartiteReceptiveFieldTopology</c>; paper
/// §3.2/App. D). The n_s neurons of the smaller side (rows when rows ≤ columns) each get k_i links to the n_l neurons
/// of the larger side. Neuron i has centre c_i = (i · max(1, n_l div n_s)) mod n_l and ring distance
/// d_ij = min(|j − c_i|, n_l − |j − c_i|); its k_i neighbours are drawn without replacement with
/// p_ij ∝ (1 + d_ij)^(−(1−r)/r) (Gumbel-top-k). r = 0 takes the k_i nearest deterministically, ties at equal distance
/// broken forward first (c, c+1, c−1, c+2, c−2, …); r = 1 is uniform. Degrees as in <see cref="Degrees"/>.
/// Works neuron by neuron (in parallel, each neuron on its own random stream): the draws visit positions in rank
/// order (nearest first) and stop early (<see cref="CsrGumbelTopK"/>), so sparse layers cost far less than n_s · n_l.
/// </summary>
internal static class CsrBipartiteReceptiveField
{
    /// <summary>The BRF pattern with exactly <paramref name="links"/> links.</summary>
    /// <param name="rows">Output neurons.</param>
    /// <param name="columns">Input neurons.</param>
    /// <param name="links">Number of links.</param>
    /// <param name="randomness">Randomness r ∈ [0, 1].</param>
    /// <param name="degreeDistribution">How the links are spread over the neurons of the smaller side.</param>
    /// <param name="random">Source of the draws; the result depends only on its state, not on the thread count.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static LinkPattern Create(int rows, int columns, long links, double randomness, BrfDegreeDistribution degreeDistribution,
        SplitMixRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (double.IsNaN(randomness) || randomness < 0 || randomness > 1)
            throw new ArgumentOutOfRangeException(nameof(randomness), randomness, "BRF randomness r must be in [0, 1].");
        ManagedSampling.CheckLinks(rows, columns, links);
        bool rowsSmaller = rows <= columns;
        int nSmall = rowsSmaller ? rows : columns, nLarge = rowsSmaller ? columns : rows;
        var pointers = DegreeSplit.Pointers(Degrees(links, nSmall, nLarge, degreeDistribution, random));
        var indices = new int[pointers[nSmall]];
        long seed = (long)random.NextUInt64();
        int stride = Math.Max(1, nLarge / nSmall);
        // Rank t orders the large side by distance from the centre (c, c+1, c−1, c+2, …); log-weights by rank.
        var logWeights = new double[nLarge];
        double exponent = randomness > 0 && randomness < 1 ? (1 - randomness) / randomness : 0;
        for (int t = 0; t < nLarge; t++)
            logWeights[t] = -exponent * Math.Log(1.0 + (t + 1) / 2);
        int maxDegree = 0;
        for (int i = 0; i < nSmall; i++)
            maxDegree = Math.Max(maxDegree, pointers[i + 1] - pointers[i]);
        Parallel.For(0, nSmall, () => new double[maxDegree], [MethodImpl(MethodImplOptions.AggressiveOptimization)] (i, _, keys) =>
        {
            int centre = (int)((long)i * stride % nLarge);
            var chosen = indices.AsSpan(pointers[i], pointers[i + 1] - pointers[i]);
            if (randomness >= 1)
            {
                var picks = ManagedSampling.Distinct(nLarge, chosen.Length, new SplitMixRandom(seed, (ulong)i));
                for (int t = 0; t < picks.Length; t++)
                    chosen[t] = (int)picks[t];
            }
            else
            {
                if (randomness == 0)
                    for (int t = 0; t < chosen.Length; t++)
                        chosen[t] = t;
                else
                    CsrGumbelTopK.SampleOrdered(logWeights, chosen, keys, new SplitMixRandom(seed, (ulong)i));
                for (int t = 0; t < chosen.Length; t++)
                    chosen[t] = Position(chosen[t], centre, nLarge);
            }
            chosen.Sort();
            return keys;
        }, _ => { });
        var pattern = new LinkPattern(nSmall, nLarge, pointers, indices);
        if (rowsSmaller)
            return pattern;
        var (transposedPointers, transposedIndices) = pattern.Transpose();
        return new LinkPattern(rows, columns, transposedPointers, transposedIndices);
    }

    /// <summary>
    /// Per-neuron degrees of the smaller side, summing to <paramref name="links"/>. <see cref="BrfDegreeDistribution.Fixed"/>
    /// gives ⌊k⌋ or ⌊k⌋+1 evenly; <see cref="BrfDegreeDistribution.Uniform"/> gives every neuron one link and scatters
    /// the rest uniformly at random over the remaining (neuron, slot) pairs (the code's binomial-like "uniform"). With
    /// fewer links than neurons, or a single large-side neuron, both use the even split.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int[] Degrees(long links, int nSmall, int nLarge, BrfDegreeDistribution distribution, SplitMixRandom random)
    {
        if (distribution == BrfDegreeDistribution.Fixed || links < nSmall || nLarge == 1)
            return DegreeSplit.Even(links, nSmall);
        long slotsPerNeuron = nLarge - 1;
        var slots = ManagedSampling.Distinct(nSmall * slotsPerNeuron, checked((int)(links - nSmall)), random);
        var degrees = new int[nSmall];
        Array.Fill(degrees, 1);
        foreach (long slot in slots)
            degrees[slot / slotsPerNeuron]++;
        return degrees;
    }

    // The position of rank t: c for t = 0, c + (t+1)/2 for odd t, c − t/2 for even t (mod n). With n even the
    // opposite position c + n/2 comes once, at rank n − 1; torch's key −(2d + backward) gives the same order.
    private static int Position(int rank, int centre, int nLarge)
    {
        long offset = rank % 2 == 1 ? (rank + 1) / 2 : -(rank / 2);
        return (int)(((centre + offset) % nLarge + nLarge) % nLarge);
    }
}
