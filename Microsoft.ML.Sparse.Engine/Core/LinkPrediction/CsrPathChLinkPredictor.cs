// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Core.Kernels;

namespace Microsoft.ML.Sparse.Engine.Core.LinkPrediction;

/// <summary>
/// Path-based Cannistraci-Hebb link prediction (CH2-L3p / CH3-L3p, paper App. C) on the CSR link pattern of one
/// bipartite layer. For a non-link (u, v), u an output and v an input, the local community LC(u, v) is the set of
/// nodes on length-3 paths u–a–b–v (a an input linked to u, b ≠ u an output linked to a and v); a node z of LC has
/// internal degree di_z = its links to other LC nodes and external degree de_z = deg(z) − di_z − its links to u or v
/// (as for the node-based predictors). The score sums over every such path:
/// <code>
/// CH3-L3p(u, v) = Σ_{u–a–b–v} 1 / sqrt((1 + de_a)(1 + de_b))
/// CH2-L3p(u, v) = Σ_{u–a–b–v} sqrt((1 + di_a)(1 + di_b)) / sqrt((1 + de_a)(1 + de_b))
/// </code>
/// In a bipartite layer these degrees depend on one pair each: the LC neighbours of a are the outputs linked to both
/// a and v (any such output b gives the path u–a–b–v), so di_a = P_i[a, v] = |N(a) ∩ N(v)| and de_a = d(a) − P_i[a, v] − 1
/// (a's link to u); likewise di_b = P_o[u, b] = |N(u) ∩ N(b)| and de_b = d(b) − P_o[u, b] − 1 (b's link to v). Each
/// term is therefore f_o(u, b)·f_i(a, v) with the per-node factor 1/sqrt(d − P) (CH3) or sqrt((1 + P)/(d − P)) (CH2),
/// <see cref="CsrChLinkPredictor.PairWeight(int, int, LinkPredictor)"/>. The input factors are built sparse once
/// (<see cref="ChInputPairWeights"/>), then every output row is scored on its own (<see cref="ChPathRowScorer"/>) with
/// one multiply-add per length-3 path, rows in parallel: O(Σ_u Σ_{a ∈ N(u)} Σ_{b ∈ N(a)} d(b)) ≈ O(N·d³) time and
/// row-length scratch per thread, never an out×in, out×out or in×in matrix. Results are bit-identical for any thread
/// count. The reference C++ extension (<c>CH_scores_new_v2.cpp</c>) counts internal degrees differently (per path
/// occurrence); this follows the local-community definition of the spec and the paper.
/// </summary>
internal static class CsrPathChLinkPredictor
{
    /// <summary>Whether <paramref name="predictor"/> is one of the path-based predictors.</summary>
    public static bool IsPathBased(LinkPredictor predictor) => predictor is LinkPredictor.CH2L3p or LinkPredictor.CH3L3p;

    /// <summary>The non-links with a positive path-based CH score, in CSR form.</summary>
    /// <param name="pattern">The layer's links.</param>
    /// <param name="variant"><see cref="LinkPredictor.CH2L3p"/> or <see cref="LinkPredictor.CH3L3p"/>.</param>
    /// <param name="maxThreads">Most threads to use (≥ 1); the result does not depend on it.</param>
    /// <exception cref="ArgumentOutOfRangeException">Another predictor, or <paramref name="maxThreads"/> &lt; 1.</exception>
    public static CandidateScores Score(LinkPattern pattern, LinkPredictor variant, int maxThreads)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (!IsPathBased(variant))
            throw new ArgumentOutOfRangeException(nameof(variant), variant, "Only CH2L3p and CH3L3p are path-based Cannistraci-Hebb predictors.");
        ArgumentOutOfRangeException.ThrowIfLessThan(maxThreads, 1);
        var (columnPointers, rowIndices) = pattern.Transpose();
        var inputFactors = ParallelSparseRows.Build(pattern.Columns, maxThreads,
            () => new ChInputPairWeights(pattern, columnPointers, rowIndices, variant));
        var (pointers, columns, scores) = ParallelSparseRows.Build(pattern.Rows, maxThreads,
            () => new ChPathRowScorer(pattern, columnPointers, rowIndices, inputFactors, variant));
        return new CandidateScores(pattern.Rows, pattern.Columns, pointers, columns, scores);
    }
}
