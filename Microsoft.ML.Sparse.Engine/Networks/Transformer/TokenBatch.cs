// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Networks.Transformer;

/// <summary>Turns token-id sequences into padded int64 tensors.</summary>
internal static class TokenBatch
{
    /// <summary>Right-pads <paramref name="sequences"/> with <paramref name="padId"/> to [count, longest] (at least length 1).</summary>
    public static Tensor Pad(IReadOnlyList<IReadOnlyList<int>> sequences, long padId, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0)
            throw new ArgumentException("A batch needs at least one sequence.", nameof(sequences));
        int length = Math.Max(1, sequences.Max(s => s.Count));
        var data = new long[sequences.Count * length];
        Array.Fill(data, padId);
        for (int i = 0; i < sequences.Count; i++)
            for (int j = 0; j < sequences[i].Count; j++)
                data[i * length + j] = sequences[i][j];
        var t = tensor(data, new long[] { sequences.Count, length }, ScalarType.Int64);
        return device is null || device.type == DeviceType.CPU ? t : t.to(device);
    }

    /// <summary>
    /// Teacher forcing for sequences written &lt;s&gt; ... &lt;/s&gt;: decoder input = all but the last token, labels = all but the first,
    /// both padded to [count, longest - 1].
    /// </summary>
    public static (Tensor DecoderInput, Tensor Labels) ShiftForTeacherForcing(IReadOnlyList<IReadOnlyList<int>> targets, long padId, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Any(t => t.Count < 2))
            throw new ArgumentException("Each target needs at least <s> and </s>.", nameof(targets));
        var inputs = targets.Select(t => (IReadOnlyList<int>)t.Take(t.Count - 1).ToArray()).ToList();
        var labels = targets.Select(t => (IReadOnlyList<int>)t.Skip(1).ToArray()).ToList();
        return (Pad(inputs, padId, device), Pad(labels, padId, device));
    }
}
