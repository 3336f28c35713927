// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Networks.Transformer;

namespace Microsoft.ML.Sparse.Engine.Networks.LanguageModel;

/// <summary>
/// Log-probabilities of token windows (<see cref="TokenWindows"/>) under a <see cref="DecoderOnlyTransformer"/>: the
/// model reads a window's ids but the last and each later id is scored by the natural-log softmax of the previous
/// position. Windows are scored in padded batches in the order given, so the same windows in the same order give the
/// same numbers.
/// </summary>
internal static class LanguageModelScoring
{
    /// <summary>Windows per forward pass.</summary>
    public const int BatchSize = 32;

    /// <summary>Σ log p(next id) over each window's predicted ids (model in whatever mode the caller set; no gradient).</summary>
    public static double[] LogProbabilities(DecoderOnlyTransformer model, IReadOnlyList<int[]> windows, Device? device = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(windows);
        var sums = new double[windows.Count];
        using var _ = no_grad();
        for (int start = 0; start < windows.Count; start += BatchSize)
        {
            cancellation.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var part = Enumerable.Range(start, Math.Min(BatchSize, windows.Count - start)).Select(i => windows[i]).ToList();
            var (input, labels) = Shift(part, model.Architecture.PadId, device);
            var logProbs = nn.functional.log_softmax(model.forward(input), -1);
            using var zero = 0L.ToScalar();
            var keep = AttentionMasks.NotPadding(labels, model.Architecture.PadId);
            var gold = logProbs.gather(-1, labels.masked_fill(keep.logical_not(), zero).unsqueeze(-1)).squeeze(-1);
            var perWindow = (gold.to(ScalarType.Float64) * keep.to(ScalarType.Float64)).sum(1).cpu().data<double>().ToArray();
            for (int i = 0; i < perWindow.Length; i++)
                sums[start + i] = perWindow[i];
        }
        return sums;
    }

    /// <summary>Model input (all ids but the last) and labels (all but the first) of each window, right-padded.</summary>
    public static (Tensor Input, Tensor Labels) Shift(IReadOnlyList<int[]> windows, long padId, Device? device = null)
    {
        if (windows.Any(w => w.Length < 2))
            throw new ArgumentException("Every window needs at least two ids.", nameof(windows));
        var inputs = windows.Select(w => (IReadOnlyList<int>)w.AsSpan(0, w.Length - 1).ToArray()).ToList();
        var labels = windows.Select(w => (IReadOnlyList<int>)w.AsSpan(1).ToArray()).ToList();
        return (TokenBatch.Pad(inputs, padId, device), TokenBatch.Pad(labels, padId, device));
    }
}
