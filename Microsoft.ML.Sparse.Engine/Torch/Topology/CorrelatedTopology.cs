// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Torch.Topology;

/// <summary>
/// Correlated sparse topological initialisation (CSTI, reference <c>mlp_and_cnn/dst_scheduler.py::random_sparsify</c>
/// with <c>--self_correlated_sparse</c>). The F×F Pearson correlation of the input features (NaN → 0, diagonal → 0)
/// is tiled to cover the layer, every sparse layer takes the top-left [out, in] block of the tiling, and the
/// <c>links</c> positions with the largest |correlation| become links (exact count; ties broken by
/// <c>torch.topk</c>'s deterministic order). For the 784-1568-1568-1568 MLP this is the reference's 2×2 tiling.
/// </summary>
internal static class CorrelatedTopology
{
    public static Tensor Create(long rows, long columns, long links, Tensor inputCorrelation, Device device)
    {
        if (inputCorrelation.dim() != 2 || inputCorrelation.shape[0] != inputCorrelation.shape[1] || inputCorrelation.shape[0] == 0)
            throw new ArgumentException($"The input correlation must be a non-empty square [features, features] matrix, got [{string.Join(",", inputCorrelation.shape)}].", nameof(inputCorrelation));
        using var scope = NewDisposeScope();
        long features = inputCorrelation.shape[0];
        var magnitude = Sanitize(inputCorrelation.to(device)).abs();
        long repeatRows = (rows + features - 1) / features, repeatColumns = (columns + features - 1) / features;
        var tiled = magnitude.repeat(repeatRows, repeatColumns).narrow(0, 0, rows).narrow(1, 0, columns);
        var chosen = tiled.reshape(-1).topk(checked((int)links), sorted: false).indexes;
        return MaskOps.FromFlatIndices(chosen, rows, columns, device).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Pearson correlation between the columns of <paramref name="features"/> [samples, F] (float64 accumulation),
    /// with NaN (constant features) → 0 and the diagonal set to 0, as float32 [F, F].
    /// </summary>
    public static Tensor PearsonCorrelation(Tensor features)
    {
        if (features.dim() != 2 || features.shape[0] < 2)
            throw new ArgumentException("Pearson correlation needs a [samples, features] matrix with at least two samples.", nameof(features));
        using var scope = NewDisposeScope();
        var x = features.to(ScalarType.Float64);
        var centred = x - x.mean(new long[] { 0 }, keepdim: true);
        var covariance = centred.t().mm(centred);
        var std = covariance.diagonal().sqrt();
        var correlation = covariance / std.unsqueeze(1) / std.unsqueeze(0);
        return Sanitize(correlation).to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    private static Tensor Sanitize(Tensor correlation)
    {
        var clean = correlation.to(ScalarType.Float32).nan_to_num(0, 0, 0);
        return clean.mul(eye(clean.shape[0], dtype: ScalarType.Bool, device: clean.device).logical_not());
    }
}
