// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Core.Kernels;
using Microsoft.ML.Sparse.Engine.Core.LinkPrediction;

namespace Microsoft.ML.Sparse.Engine.Csr.Topology;

/// <summary>
/// Chooses the positions of the new links of one CSR layer (the managed form of <c>Regrowth.LinkRegrowth</c>):
/// <list type="bullet">
/// <item>CH2-L3n / CH3-L3n and path-based CH2-L3p / CH3-L3p, soft (paper): sampled without replacement with p ∝ score
/// over the non-links (in one pass, <see cref="WeightedReservoir"/>). When fewer
/// non-links than needed have a positive score, ε = 1e-5 is added to every non-link's score (the reference rule).
/// That case is sampled exactly without materialising the zero-score positions: sequential sampling without
/// replacement is an exponential race (item i arrives at Exp(1)/wᵢ); the zero-score group's first arrivals are
/// generated in order (the j-th after a gap of Exp(1)/((Z − j + 1)·ε)) and given to uniformly drawn free positions.</item>
/// <item>CH, top-k (LLaMA code): the highest scores, then uniformly random zero-score positions if needed.</item>
/// <item>Random (SET): a uniformly random subset of the non-links.</item>
/// <item>Gradient magnitude (RigL): the largest |∂L/∂W| of the dense gradient at non-links, zero ties broken at random.</item>
/// </list>
/// </summary>
internal static class CsrLinkRegrowth
{
    /// <summary>Flat indices row·columns + column of <paramref name="grow"/> distinct non-link positions.</summary>
    public static long[] Choose(LinkPattern remaining, int grow, LinkPredictor predictor, RegrowthSelection selection,
        Func<float[]>? denseGradient, int threads, SplitMixRandom random, out TimeSpan predictionTime)
    {
        predictionTime = TimeSpan.Zero;
        if (grow <= 0)
            return Array.Empty<long>();
        switch (predictor)
        {
            case LinkPredictor.CH2L3n:
            case LinkPredictor.CH3L3n:
            case LinkPredictor.CH2L3p:
            case LinkPredictor.CH3L3p:
                var watch = System.Diagnostics.Stopwatch.StartNew();
                var candidates = CsrPathChLinkPredictor.IsPathBased(predictor)
                    ? CsrPathChLinkPredictor.Score(remaining, predictor, threads)
                    : CsrChLinkPredictor.Score(remaining, predictor, threads);
                predictionTime = watch.Elapsed;
                return selection == RegrowthSelection.Soft
                    ? SoftFromCandidates(remaining, candidates, grow, random)
                    : TopFromCandidates(remaining, candidates, grow, random);
            case LinkPredictor.Random:
                return FreePositionSampler.Sample(remaining, null, grow, random);
            case LinkPredictor.GradientMagnitude:
                var gradient = denseGradient?.Invoke()
                    ?? throw new InvalidOperationException("Gradient-magnitude regrowth needs the dense gradient of the round step.");
                return TopGradient(remaining, gradient, grow, random);
            default:
                throw new ArgumentOutOfRangeException(nameof(predictor), predictor, "Unknown link predictor.");
        }
    }

    private static long Flat(CandidateScores c, int row, int k) => (long)row * c.Columns + c.ColumnIndices[k];

    /// <summary>The flat position of candidate <paramref name="k"/> (its row found by binary search of the row pointers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long FlatAt(CandidateScores c, int k)
    {
        int row = Array.BinarySearch(c.RowPointers, 0, c.Rows + 1, k);
        if (row < 0)
            row = ~row - 1;
        else
            while (row + 1 <= c.Rows && c.RowPointers[row + 1] == k)
                row++;
        return Flat(c, row, k);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long[] SoftFromCandidates(LinkPattern remaining, CandidateScores c, int grow, SplitMixRandom random)
    {
        if (c.Count >= grow)
            return WeightedReservoir.Sample(c.Scores, grow, random).Select(k => FlatAt(c, k)).ToArray();
        var flat = new long[c.Count];
        for (int r = 0; r < c.Rows; r++)
            for (int k = c.RowPointers[r]; k < c.RowPointers[r + 1]; k++)
                flat[k] = Flat(c, r, k);
        const double epsilon = RegrowthRule.Epsilon;
        long zeroGroup = (long)remaining.Rows * remaining.Columns - remaining.LinkCount - c.Count;
        int zeroArrivals = (int)Math.Min(grow, zeroGroup);
        var arrival = new double[c.Count + zeroArrivals];
        for (int k = 0; k < c.Count; k++)
            arrival[k] = random.NextExponential() / (c.Scores[k] + epsilon);
        double time = 0;
        for (int j = 0; j < zeroArrivals; j++)
        {
            time += random.NextExponential() / ((zeroGroup - j) * epsilon);
            arrival[c.Count + j] = time;
        }
        var first = TopKSelection.Largest(arrival.Select(t => -t).ToArray(), grow);
        var chosen = first.Where(i => i < c.Count).Select(i => flat[i]).ToList();
        chosen.AddRange(FreePositionSampler.Sample(remaining, c, grow - chosen.Count, random));
        return chosen.ToArray();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long[] TopFromCandidates(LinkPattern remaining, CandidateScores c, int grow, SplitMixRandom random)
    {
        var keys = c.Scores.Select(s => (double)s).ToArray();
        var chosen = new List<long>(grow);
        var rowOf = new int[c.Count];
        for (int r = 0; r < c.Rows; r++)
            for (int k = c.RowPointers[r]; k < c.RowPointers[r + 1]; k++)
                rowOf[k] = r;
        foreach (int k in TopKSelection.Largest(keys, Math.Min(grow, c.Count)))
            chosen.Add(Flat(c, rowOf[k], k));
        if (chosen.Count < grow)
            chosen.AddRange(FreePositionSampler.Sample(remaining, c, grow - chosen.Count, random));
        return chosen.ToArray();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long[] TopGradient(LinkPattern remaining, float[] gradient, int grow, SplitMixRandom random)
    {
        long total = (long)remaining.Rows * remaining.Columns;
        if (gradient.Length != total)
            throw new ArgumentException("The dense gradient does not have the layer's shape.", nameof(gradient));
        var positions = new long[total - remaining.LinkCount];
        var keys = new double[positions.Length];
        long n = 0;
        for (int r = 0; r < remaining.Rows; r++)
        {
            int k = remaining.RowPointers[r], kEnd = remaining.RowPointers[r + 1];
            for (int col = 0; col < remaining.Columns; col++)
            {
                if (k < kEnd && remaining.ColumnIndices[k] == col)
                {
                    k++;
                    continue;
                }
                long flat = (long)r * remaining.Columns + col;
                double g = Math.Abs(gradient[flat]);
                positions[n] = flat;
                keys[n++] = g > 0 ? g : -1 + 0.5 * random.NextDouble();
            }
        }
        return TopKSelection.Largest(keys, grow).Select(i => positions[i]).ToArray();
    }
}
