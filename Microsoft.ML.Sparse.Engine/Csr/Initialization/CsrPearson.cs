// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Numerics;
using System.Runtime.CompilerServices;

namespace Microsoft.ML.Sparse.Engine.Csr.Initialization;

/// <summary>
/// Pearson correlation of the input features for CSTI (managed port of <c>CorrelatedTopology.PearsonCorrelation</c>),
/// in float64. The covariance X_cᵀ X_c of the centred features is accumulated over blocks of samples held transposed
/// (cache-friendly dot products, vectorised), in parallel over feature rows; each entry always sums in the same order,
/// so the result does not depend on the thread count.
/// </summary>
internal static class CsrPearson
{
    private const int Block = 64;

    /// <summary>
    /// Correlation between the columns of the row-major <paramref name="features"/> [rows, featureCount], with NaN
    /// (constant features) → 0 and the diagonal set to 0, as row-major float32 [featureCount, featureCount].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float[] Correlation(float[] features, int rows, int featureCount)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (rows < 2 || featureCount < 1 || features.Length != (long)rows * featureCount)
            throw new ArgumentException("Pearson correlation needs a [samples, features] matrix with at least two samples.", nameof(features));
        int f = featureCount;
        var mean = new double[f];
        for (int s = 0; s < rows; s++)
            for (int a = 0; a < f; a++)
                mean[a] += features[(long)s * f + a];
        for (int a = 0; a < f; a++)
            mean[a] /= rows;

        var covariance = new double[(long)f * f]; // upper triangle filled
        var centred = new double[(long)f * Block]; // [feature, sample in block]
        for (int start = 0; start < rows; start += Block)
        {
            int length = Math.Min(Block, rows - start);
            if (length < Block)
                Array.Clear(centred);
            for (int s = 0; s < length; s++)
                for (int a = 0; a < f; a++)
                    centred[(long)a * Block + s] = features[(long)(start + s) * f + a] - mean[a];
            Parallel.For(0, f, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (a) =>
            {
                var row = covariance.AsSpan(a * f, f);
                int b = a;
                for (; b + 4 <= f; b += 4)
                    Dot4(centred, a, b, row);
                for (; b < f; b++)
                    row[b] += Dot(centred.AsSpan(a * Block, Block), centred.AsSpan(b * Block, Block));
            });
        }

        var correlation = new float[(long)f * f];
        for (int a = 0; a < f; a++)
        {
            double stdA = Math.Sqrt(covariance[(long)a * f + a]);
            for (int b = a + 1; b < f; b++)
            {
                double value = covariance[(long)a * f + b] / stdA / Math.Sqrt(covariance[(long)b * f + b]);
                float single = (float)value;
                correlation[(long)a * f + b] = correlation[(long)b * f + a] = float.IsFinite(single) ? single : 0f;
            }
        }
        return correlation;
    }

    // row[b + i] += x_a · x_(b+i) for i < 4: one load of x_a per four products.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4(double[] centred, int a, int b, Span<double> row)
    {
        var x = centred.AsSpan(a * Block, Block);
        var y = centred.AsSpan(b * Block, 4 * Block);
        Vector<double> s0 = default, s1 = default, s2 = default, s3 = default;
        for (int i = 0; i < Block; i += Vector<double>.Count)
        {
            var v = new Vector<double>(x[i..]);
            s0 += v * new Vector<double>(y[i..]);
            s1 += v * new Vector<double>(y[(Block + i)..]);
            s2 += v * new Vector<double>(y[(2 * Block + i)..]);
            s3 += v * new Vector<double>(y[(3 * Block + i)..]);
        }
        row[b] += Vector.Sum(s0);
        row[b + 1] += Vector.Sum(s1);
        row[b + 2] += Vector.Sum(s2);
        row[b + 3] += Vector.Sum(s3);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var sum = Vector<double>.Zero;
        int i = 0;
        for (; i <= x.Length - Vector<double>.Count; i += Vector<double>.Count)
            sum += new Vector<double>(x[i..]) * new Vector<double>(y[i..]);
        double total = Vector.Sum(sum);
        for (; i < x.Length; i++)
            total += x[i] * y[i];
        return total;
    }
}
