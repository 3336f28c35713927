// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Torch.LinkPrediction;

/// <summary>
/// Node-based Cannistraci-Hebb link prediction on a bipartite layer (CH2-L3n / CH3-L3n, the CHTs "GPU-friendly"
/// matrix form). With M the [out, in] 0/1 mask, d_o = M·1, d_i = Mᵀ·1:
/// <code>
/// P_o = M Mᵀ,  B_o = [P_o ≠ 0],  E_o[a,b] = max(d_o[b] − P_o[a,b] − 1, 0)
/// CH2: A_o = (P_o + B_o) ⊘ (E_o + 1)      CH3: A_o = B_o ⊘ (E_o + 1)
/// (A_i, P_i, E_i likewise from Mᵀ M and d_i)
/// S = (A_o M + M A_iᵀ) ⊙ (1 − M)
/// </code>
/// S[u,v] equals Σ_{z ∈ LC(u,v)} (1 + di_z)/(1 + de_z) (CH2) or Σ 1/(1 + de_z) (CH3) over the nodes z on length-3
/// paths from u to v, di_z being z's links inside the local community and de_z its other links except those to u or
/// v. Four matmuls, all on the mask's device in float32; existing links score 0.
/// </summary>
internal static class ChLinkPredictor
{
    /// <summary>Scores [out, in] (float32, ≥ 0, zero at existing links).</summary>
    public static Tensor Score(Tensor mask, LinkPredictor variant)
    {
        if (variant != LinkPredictor.CH2L3n && variant != LinkPredictor.CH3L3n)
            throw new ArgumentOutOfRangeException(nameof(variant), variant, "Only CH2L3n and CH3L3n are Cannistraci-Hebb predictors.");
        using var scope = NewDisposeScope();
        var m = mask.to(ScalarType.Float32);
        var mt = m.t();
        var pairOut = PairWeights(m.mm(mt), m.sum(dim: 1), variant);   // [out, out]
        var pairIn = PairWeights(mt.mm(m), m.sum(dim: 0), variant);    // [in, in]
        var scores = pairOut.mm(m);
        scores.add_(m.mm(pairIn.t()));
        scores.masked_fill_(mask, 0);
        return scores.MoveToOuterDisposeScope();
    }

    /// <summary>A[a,b] from the common-neighbour counts P (consumed in place) and the degrees d of one side.</summary>
    private static Tensor PairWeights(Tensor commonNeighbours, Tensor degrees, LinkPredictor variant)
    {
        var connected = commonNeighbours.ne(0);
        // E + 1 = max(d[b] − P[a,b] − 1, 0) + 1 = max(d[b] − P[a,b], 1)
        var externalPlusOne = degrees.unsqueeze(0).sub(commonNeighbours).clamp_min_(1);
        if (variant == LinkPredictor.CH2L3n)
            return commonNeighbours.add_(connected).div_(externalPlusOne);  // (P + B) / (E + 1)
        return connected.to(ScalarType.Float32).div_(externalPlusOne);     // B / (E + 1)
    }
}
