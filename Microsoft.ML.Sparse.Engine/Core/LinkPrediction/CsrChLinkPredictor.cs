// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;
using Microsoft.ML.Sparse.Engine.Core.Kernels;

namespace Microsoft.ML.Sparse.Engine.Core.LinkPrediction;

/// <summary>
/// Node-based Cannistraci-Hebb link prediction (CH2-L3n / CH3-L3n) computed from the CSR link pattern, with the
/// same scores as the dense matrix form of <c>Engine.LinkPrediction.ChLinkPredictor</c>. With M the [out, in] link
/// matrix, d_o = M·1, d_i = Mᵀ·1:
/// <code>
/// P_o = M Mᵀ,  E_o[a,b] = max(d_o[b] − P_o[a,b] − 1, 0)
/// CH2: A_o = (P_o + 1) / (E_o + 1) where P_o ≠ 0      CH3: A_o = 1 / (E_o + 1) where P_o ≠ 0
/// (A_i likewise from P_i = Mᵀ M and d_i)
/// S = (A_o M + M A_iᵀ) ⊙ (1 − M)
/// </code>
/// No out×out, in×in or out×in matrix is formed: A_i is built sparse once (<see cref="ChInputPairWeights"/>), then
/// every output row is scored on its own with row-length scratch (<see cref="ChRowScorer"/>), rows in parallel.
/// Pair weights are float32 (the matrix form's values); sums are accumulated in double in a fixed per-row order and
/// rounded to float32 once, so the result is bit-identical for any thread count and agrees with the float32 matrix
/// form to its summation error (well within 1e-5 relative).
/// </summary>
internal static class CsrChLinkPredictor
{
    /// <summary>The non-links with a positive CH score, in CSR form.</summary>
    /// <param name="pattern">The layer's links.</param>
    /// <param name="variant"><see cref="LinkPredictor.CH2L3n"/> or <see cref="LinkPredictor.CH3L3n"/>.</param>
    /// <param name="maxThreads">Most threads to use (≥ 1); the result does not depend on it.</param>
    /// <exception cref="ArgumentOutOfRangeException">Another predictor, or <paramref name="maxThreads"/> &lt; 1.</exception>
    public static CandidateScores Score(LinkPattern pattern, LinkPredictor variant, int maxThreads) =>
        Score(pattern, variant, maxThreads, UsesDenseProducts(pattern));

    /// <summary>
    /// The same scores by the chosen route: scatters over the sparse structure (<see cref="ChRowScorer"/>), or dense
    /// products (<see cref="DenseChRowScorer"/>), bit-identical; <see cref="UsesDenseProducts"/> picks the faster.
    /// </summary>
    internal static CandidateScores Score(LinkPattern pattern, LinkPredictor variant, int maxThreads, bool denseProducts)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (variant != LinkPredictor.CH2L3n && variant != LinkPredictor.CH3L3n)
            throw new ArgumentOutOfRangeException(nameof(variant), variant, "Only CH2L3n and CH3L3n are Cannistraci-Hebb predictors.");
        ArgumentOutOfRangeException.ThrowIfLessThan(maxThreads, 1);
        bool ch2 = variant == LinkPredictor.CH2L3n;
        if (denseProducts)
        {
            var operands = new DenseChOperands(pattern, ch2, maxThreads);
            var (densePointers, denseColumns, denseScores) = ParallelSparseRows.Build(pattern.Rows, maxThreads, () => new DenseChRowScorer(operands),
                rowAlignment: DenseChRowScorer.GroupRows);
            return new CandidateScores(pattern.Rows, pattern.Columns, densePointers, denseColumns, denseScores);
        }
        var (columnPointers, rowIndices) = pattern.Transpose();
        var inputWeights = ParallelSparseRows.Build(pattern.Columns, maxThreads,
            () => new ChInputPairWeights(pattern, columnPointers, rowIndices, variant));
        var (pointers, columns, scores) = ParallelSparseRows.Build(pattern.Rows, maxThreads,
            () => new ChRowScorer(pattern, columnPointers, rowIndices, inputWeights, ch2));
        return new CandidateScores(pattern.Rows, pattern.Columns, pointers, columns, scores);
    }

    /// <summary>Density from which the dense products are faster than the scatters (measured: bench/link-prediction-routes-report.md).</summary>
    internal const double DenseProductsFromDensity = 0.2;

    /// <summary>Most floats the dense route's packed operand may hold (256 MB).</summary>
    internal const long DenseProductsMaxFloats = 64L << 20;

    /// <summary>Whether <see cref="Score(LinkPattern, LinkPredictor, int)"/> takes the dense route for this layer.</summary>
    internal static bool UsesDenseProducts(LinkPattern pattern) =>
        pattern.LinkCount >= DenseProductsFromDensity * pattern.Rows * pattern.Columns
        && DenseChOperands.RSize(pattern.Rows, pattern.Columns) <= DenseProductsMaxFloats;

    /// <summary>
    /// A[a, b] for P[a, b] = <paramref name="common"/> ≠ 0 and d[b] = <paramref name="degree"/>: (P + 1) / max(d − P, 1)
    /// for CH2, 1 / max(d − P, 1) for CH3 (E + 1 = max(d − P − 1, 0) + 1). Computed in float32 like the matrix form.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float PairWeight(int common, int degree, bool ch2)
    {
        float externalPlusOne = Math.Max(degree - common, 1);
        return ch2 ? (common + 1) / externalPlusOne : 1f / externalPlusOne;
    }

    /// <summary>
    /// The pair weight of <paramref name="variant"/> for P[a, b] = <paramref name="common"/> ≠ 0 and d[b] =
    /// <paramref name="degree"/>, with 1 + de = max(d − P, 1) and 1 + di = P + 1: the node-based
    /// <see cref="PairWeight(int, int, bool)"/>, or the path-based per-node factor sqrt((1 + di)/(1 + de)) (CH2-L3p)
    /// or 1/sqrt(1 + de) (CH3-L3p), whose product over a path's two inner nodes is the path's term.
    /// </summary>
    internal static float PairWeight(int common, int degree, LinkPredictor variant)
    {
        double externalPlusOne = Math.Max(degree - common, 1);
        return variant switch
        {
            LinkPredictor.CH2L3n => PairWeight(common, degree, ch2: true),
            LinkPredictor.CH3L3n => PairWeight(common, degree, ch2: false),
            LinkPredictor.CH2L3p => (float)Math.Sqrt((common + 1) / externalPlusOne),
            LinkPredictor.CH3L3p => (float)(1 / Math.Sqrt(externalPlusOne)),
            _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "Not a Cannistraci-Hebb predictor."),
        };
    }
}
