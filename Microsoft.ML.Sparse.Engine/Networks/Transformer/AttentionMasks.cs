// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Networks.Transformer;

/// <summary>Boolean attention masks; <c>true</c> means "may not attend".</summary>
internal static class AttentionMasks
{
    /// <summary>Score given to masked positions before the softmax: finite, so a fully masked row gives a uniform
    /// distribution instead of NaN, and small enough that exp() of it is exactly 0 next to any real score.</summary>
    public const float MaskedScore = -1e9f;

    /// <summary>
    /// <see cref="MaskedScore"/> as one libtorch scalar for the whole process. An implicit float-to-Scalar conversion at
    /// the call makes a temporary whose finalizer may free it while libtorch still reads it (its handle is a plain
    /// pointer): the likely cause of a "toFloat" libtorch error seen once under concurrent scoring. A static instance is
    /// never finalized.
    /// </summary>
    public static readonly Scalar MaskedScoreScalar = MaskedScore.ToScalar();

    /// <summary>1.0 as one libtorch scalar for the whole process (divisors floored at one), for the same reason.</summary>
    public static readonly Scalar OneScalar = 1.0.ToScalar();

    /// <summary>Key-padding mask [batch, length]: true where <paramref name="ids"/> equals <paramref name="padId"/>.</summary>
    /// <remarks>The pad id's scalar is disposed only after the call returns (`using`), so no finalizer can free it while
    /// libtorch reads it: the implicit conversion did, giving "Unknown scalar type" under concurrent scoring.</remarks>
    public static Tensor KeyPadding(Tensor ids, long padId)
    {
        using var pad = padId.ToScalar();
        return ids.eq(pad);
    }

    /// <summary>The tokens that count [same shape as <paramref name="ids"/>]: true where <paramref name="ids"/> is not <paramref name="padId"/> (scalar handled as in <see cref="KeyPadding"/>).</summary>
    public static Tensor NotPadding(Tensor ids, long padId)
    {
        using var pad = padId.ToScalar();
        return ids.ne(pad);
    }

    /// <summary>Causal mask [length, length]: true above the diagonal (position t may not see positions &gt; t).</summary>
    public static Tensor Causal(long length, Device device) =>
        ones(length, length, dtype: ScalarType.Bool, device: device).triu(1);
}
