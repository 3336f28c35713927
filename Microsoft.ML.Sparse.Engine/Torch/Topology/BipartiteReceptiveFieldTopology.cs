// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Torch.Sampling;
using Microsoft.ML.Sparse.Engine.Core;

namespace Microsoft.ML.Sparse.Engine.Torch.Topology;

/// <summary>
/// Bipartite receptive field (BRF) initialisation (paper §3.2/App. D; reference code
/// <c>llm/sparse_topology_initialization.py::create_brf_sparse_scheduler</c>).
/// The n_s neurons of the smaller side (rows when rows ≤ columns) each get k_i links to the n_l neurons of the
/// larger side. Neuron i has centre c_i = (i · max(1, n_l div n_s)) mod n_l and ring distance
/// d_ij = min(|j − c_i|, n_l − |j − c_i|); its k_i neighbours are drawn without replacement with
/// p_ij ∝ (1 + d_ij)^(−(1−r)/r) (Gumbel-top-k). r = 0 takes the k_i nearest columns deterministically, ties at equal
/// distance broken forward first (c, c+1, c−1, c+2, c−2, …); r = 1 is uniform.
/// Degrees: <see cref="BrfDegreeDistribution.Fixed"/> gives ⌊k⌋ or ⌊k⌋+1 evenly; <see cref="BrfDegreeDistribution.Uniform"/>
/// gives every neuron one link and scatters the rest uniformly at random over the remaining (neuron, slot) pairs
/// (the code's binomial-like "uniform"). With fewer links than neurons both fall back to the even split.
/// </summary>
internal static class BipartiteReceptiveFieldTopology
{
    public static Tensor Create(long rows, long columns, long links, double randomness, BrfDegreeDistribution degreeDistribution,
        Device device, Generator generator)
    {
        if (randomness < 0 || randomness > 1)
            throw new ArgumentOutOfRangeException(nameof(randomness), randomness, "BRF randomness r must be in [0, 1].");
        using var scope = NewDisposeScope();
        bool rowsSmaller = rows <= columns;
        long nSmall = rowsSmaller ? rows : columns, nLarge = rowsSmaller ? columns : rows;

        var degrees = Degrees(links, nSmall, nLarge, degreeDistribution, device, generator);
        var keys = Keys(nSmall, nLarge, randomness, device, generator);
        var order = keys.argsort(dim: 1, descending: true);
        var rank = arange(nLarge, dtype: ScalarType.Int64, device: device).unsqueeze(0);
        var chosen = rank.lt(degrees.unsqueeze(1)).expand(nSmall, nLarge).contiguous();
        var mask = zeros(new[] { nSmall, nLarge }, dtype: ScalarType.Bool, device: device).scatter_(1, order, chosen);
        return (rowsSmaller ? mask : mask.t().contiguous()).MoveToOuterDisposeScope();
    }

    /// <summary>Per-neuron degrees of the smaller side (int64 tensor of length n_s summing to <paramref name="links"/>).</summary>
    internal static Tensor Degrees(long links, long nSmall, long nLarge, BrfDegreeDistribution distribution, Device device, Generator generator)
    {
        if (distribution == BrfDegreeDistribution.Fixed || links < nSmall || nLarge == 1)
            return tensor(DegreeSplit.EvenLong(links, nSmall), device: device);
        using var scope = NewDisposeScope();
        long extra = links - nSmall;
        long slotsPerNeuron = nLarge - 1;
        var slots = randperm(nSmall * slotsPerNeuron, dtype: ScalarType.Int64, device: device, generator: generator).narrow(0, 0, extra);
        var perNeuron = slots.div(slotsPerNeuron, rounding_mode: RoundingMode.floor).bincount(null, nSmall);
        return perNeuron.add(1).MoveToOuterDisposeScope();
    }

    /// <summary>Sampling keys [n_s, n_l]: the k_i largest keys of row i are its neighbours.</summary>
    private static Tensor Keys(long nSmall, long nLarge, double randomness, Device device, Generator generator)
    {
        using var scope = NewDisposeScope();
        long stride = Math.Max(1, nLarge / nSmall);
        var centres = arange(nSmall, dtype: ScalarType.Int64, device: device).mul(stride).remainder(nLarge).unsqueeze(1);
        var forward = arange(nLarge, dtype: ScalarType.Int64, device: device).unsqueeze(0).sub(centres).remainder(nLarge);
        var backward = forward.neg().add(nLarge).remainder(nLarge);
        var distance = minimum(forward, backward);
        Tensor keys;
        if (randomness == 0)
        {
            var isBackward = backward.lt(forward).to(ScalarType.Int64);
            keys = distance.mul(2).add(isBackward).neg().to(ScalarType.Float32);
        }
        else
        {
            var noise = GumbelTopK.Noise(new[] { nSmall, nLarge }, device, generator);
            keys = randomness >= 1
                ? noise
                : distance.to(ScalarType.Float32).log1p().mul(-(1 - randomness) / randomness).add(noise);
        }
        return keys.MoveToOuterDisposeScope();
    }
}
