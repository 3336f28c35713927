// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;
using Microsoft.ML.Sparse.Engine.Core.Kernels;

namespace Microsoft.ML.Sparse.Engine.Csr.Initialization;

/// <summary>
/// Correlated sparse topological initialisation (CSTI; managed port of <c>CorrelatedTopology</c>, reference
/// <c>mlp_and_cnn/dst_scheduler.py::random_sparsify</c> with <c>--self_correlated_sparse</c>). The F×F |correlation|
/// of the input features (non-finite → 0, diagonal → 0) is tiled to cover the layer, every sparse layer takes the
/// top-left [rows, columns] block of the tiling, and the <c>links</c> positions with the largest |correlation| become
/// links (exact count). The tiling is never materialised: entry (a, b) of the matrix appears
/// count_rows(a) · count_columns(b) times, so a weighted selection over the distinct entries finds the threshold,
/// and among positions equal to the threshold the first ones in row-major order are taken (<c>torch.topk</c> breaks
/// such ties in its own order). Work is O(min(rows, F) · min(columns, F) + rows · columns), scratch the former.
/// </summary>
internal static class CsrCorrelatedTopology
{
    /// <summary>The <paramref name="links"/> positions with the largest tiled |correlation|.</summary>
    /// <param name="rows">Output neurons.</param>
    /// <param name="columns">Input neurons.</param>
    /// <param name="links">Number of links.</param>
    /// <param name="inputCorrelation">Row-major [size × size] correlation of the input features.</param>
    /// <param name="size">Number of input features F.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static LinkPattern Create(int rows, int columns, long links, float[] inputCorrelation, int size)
    {
        ArgumentNullException.ThrowIfNull(inputCorrelation);
        if (size < 1 || inputCorrelation.Length != (long)size * size)
            throw new ArgumentException($"The input correlation must be a non-empty square [features, features] matrix, got {inputCorrelation.Length} values for {size} features.", nameof(inputCorrelation));
        int count = ManagedSampling.CheckLinks(rows, columns, links);
        int blockRows = Math.Min(rows, size), blockColumns = Math.Min(columns, size);
        var magnitude = new float[blockRows * blockColumns];
        var weight = new long[magnitude.Length];
        for (int a = 0; a < blockRows; a++)
        {
            for (int b = 0; b < blockColumns; b++)
            {
                float value = inputCorrelation[(long)a * size + b];
                magnitude[a * blockColumns + b] = a == b || !float.IsFinite(value) ? 0f : Math.Abs(value);
                weight[a * blockColumns + b] = (long)Repeats(rows, size, a) * Repeats(columns, size, b);
            }
        }
        var pointers = new int[rows + 1];
        var indices = new int[count];
        if (count == 0)
            return new LinkPattern(rows, columns, pointers, indices);
        var (threshold, ties) = Threshold((float[])magnitude.Clone(), weight, count);
        int n = 0;
        for (int r = 0; r < rows; r++)
        {
            int offset = r % size * blockColumns;
            for (int c = 0, b = 0; c < columns; c++, b = b + 1 == size ? 0 : b + 1)
            {
                float value = magnitude[offset + b];
                if (value > threshold || (value == threshold && ties-- > 0))
                    indices[n++] = c;
            }
            pointers[r + 1] = n;
        }
        return new LinkPattern(rows, columns, pointers, indices);
    }

    /// <summary>
    /// Pearson correlation between the columns of the row-major <paramref name="features"/> [rows, featureCount]
    /// (float64 accumulation), with NaN (constant features) → 0 and the diagonal set to 0, as row-major float32
    /// [featureCount, featureCount].
    /// </summary>
    public static float[] PearsonCorrelation(float[] features, int rows, int featureCount) =>
        CsrPearson.Correlation(features, rows, featureCount);

    // Times feature a of F appears in the first `length` positions of the tiling (positions p with p mod F == a).
    private static int Repeats(int length, int size, int a) => length / size + (a < length % size ? 1 : 0);

    // The value t such that (total weight of values > t) < k ≤ (weight of values ≥ t), and how many positions equal to
    // t complete the k. Weighted three-way quickselect (descending); reorders both arrays.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (float Threshold, long Ties) Threshold(float[] values, long[] weights, long k)
    {
        int lo = 0, hi = values.Length;
        while (true)
        {
            float x = values[lo], y = values[lo + (hi - lo) / 2], z = values[hi - 1];
            float pivot = x < y ? (y < z ? y : Math.Max(x, z)) : (x < z ? x : Math.Max(y, z));
            int gt = lo, i = lo, lt = hi;
            long greater = 0, equal = 0;
            while (i < lt)
            {
                float value = values[i];
                if (value > pivot)
                {
                    greater += weights[i];
                    Swap(values, weights, gt++, i++);
                }
                else if (value < pivot)
                    Swap(values, weights, i, --lt);
                else
                    equal += weights[i++];
            }
            if (k <= greater)
                hi = gt;
            else if (k <= greater + equal)
                return (pivot, k - greater);
            else
            {
                k -= greater + equal;
                lo = lt;
            }
        }
    }

    private static void Swap(float[] values, long[] weights, int i, int j)
    {
        (values[i], values[j]) = (values[j], values[i]);
        (weights[i], weights[j]) = (weights[j], weights[i]);
    }
}
