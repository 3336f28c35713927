// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;
using Microsoft.ML.Sparse.Engine.Core;

namespace Microsoft.ML.Sparse.Engine.Csr.Topology;

/// <summary>
/// Link removal on a CSR layer (the managed form of <c>Torch.Removal.LinkRemovalScores</c> and
/// <c>Torch.Removal.LinkSelection</c>): scores per link, then the links to keep — hard: the largest scores; soft
/// (CHTs): sampled without replacement with p ∝ score^T (Gumbel-top-k on T·log score, scores floored at 1e-12).
/// </summary>
internal static class CsrLinkRemoval
{
    /// <summary>|w| per link, or the relative importance |w|/(Σ_column |w| + ε) + |w|/(Σ_row |w| + ε), ε = 1e-5, over the links still alive.</summary>
    /// <param name="layer">The layer (its current pattern and weights).</param>
    /// <param name="alive">Which links still count (removed links score 0 and are not summed).</param>
    /// <param name="relativeImportance">RI instead of plain magnitude.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double[] Scores(CsrTrainingLayer layer, bool[] alive, bool relativeImportance)
    {
        var pattern = layer.Pattern;
        var values = layer.Values;
        var scores = new double[pattern.LinkCount];
        for (int k = 0; k < scores.Length; k++)
            scores[k] = alive[k] ? Math.Abs(values[k]) : 0;
        if (!relativeImportance)
            return scores;
        var columnSums = new double[pattern.Columns];
        var rowSums = new double[pattern.Rows];
        for (int r = 0; r < pattern.Rows; r++)
            for (int k = pattern.RowPointers[r]; k < pattern.RowPointers[r + 1]; k++)
            {
                columnSums[pattern.ColumnIndices[k]] += scores[k];
                rowSums[r] += scores[k];
            }
        const double epsilon = RemovalRule.RelativeImportanceEpsilon;
        for (int r = 0; r < pattern.Rows; r++)
            for (int k = pattern.RowPointers[r]; k < pattern.RowPointers[r + 1]; k++)
                if (alive[k])
                    scores[k] = scores[k] / (columnSums[pattern.ColumnIndices[k]] + epsilon) + scores[k] / (rowSums[r] + epsilon);
        return scores;
    }

    /// <summary>Marks all but <paramref name="keep"/> of the alive links dead (in <paramref name="alive"/>).</summary>
    /// <param name="alive">Alive flag per link (updated).</param>
    /// <param name="scores">Score per link.</param>
    /// <param name="keep">How many alive links survive.</param>
    /// <param name="soft">Sample (p ∝ score^T) instead of keeping the top scores.</param>
    /// <param name="temperature">T of the soft rule.</param>
    /// <param name="random">Draws of the soft rule.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Keep(bool[] alive, double[] scores, int keep, bool soft, double temperature, SplitMixRandom random)
    {
        var aliveIndex = new List<int>();
        for (int k = 0; k < alive.Length; k++)
            if (alive[k])
                aliveIndex.Add(k);
        if (keep < 0 || keep > aliveIndex.Count)
            throw new ArgumentOutOfRangeException(nameof(keep), keep, $"Cannot keep {keep} of {aliveIndex.Count} links.");
        if (keep == aliveIndex.Count)
            return;
        var keys = new double[aliveIndex.Count];
        for (int i = 0; i < keys.Length; i++)
        {
            double s = scores[aliveIndex[i]];
            keys[i] = soft ? temperature * Math.Log(Math.Max(s, RemovalRule.ScoreFloor)) + random.NextGumbel() : s;
        }
        foreach (int k in aliveIndex)
            alive[k] = false;
        foreach (int i in TopKSelection.Largest(keys, keep))
            alive[aliveIndex[i]] = true;
    }
}
