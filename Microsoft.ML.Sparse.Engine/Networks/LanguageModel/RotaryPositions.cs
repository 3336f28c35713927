// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Networks.LanguageModel;

/// <summary>
/// Rotary position embedding (RoPE, as in LLaMA's Hugging Face implementation): the head vector's halves
/// (x₁ = x[..., :d/2], x₂ = x[..., d/2:]) are rotated pair by pair, pair i at position p by the angle p·θ_i with
/// θ_i = base^(−2i/d): y = x·cos + rotate_half(x)·sin, rotate_half(x) = [−x₂, x₁]. The tables are computed once for
/// <see cref="MaxLength"/> positions in float64 and stored as float32.
/// </summary>
internal sealed class RotaryPositions : IDisposable
{
    /// <summary>LLaMA's base.</summary>
    public const double DefaultBase = 10000;

    private readonly Tensor _cos;
    private readonly Tensor _sin;

    /// <summary>Tables for heads of <paramref name="headDim"/> (even) values and up to <paramref name="maxLength"/> positions.</summary>
    public RotaryPositions(long headDim, long maxLength, double rotaryBase = DefaultBase)
    {
        if (headDim <= 0 || headDim % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(headDim), headDim, "Rotary positions need an even, positive head dimension.");
        if (maxLength <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "Rotary positions need a positive maximum length.");
        HeadDim = headDim;
        MaxLength = maxLength;
        using var scope = NewDisposeScope();
        var inverse = pow(rotaryBase, arange(0, headDim, 2, dtype: ScalarType.Float64) / headDim).reciprocal(); // [d/2]
        var angles = outer(arange(maxLength, dtype: ScalarType.Float64), inverse);                             // [T, d/2]
        var both = cat(new[] { angles, angles }, 1);                                                            // [T, d]
        _cos = both.cos().to(ScalarType.Float32).DetachFromDisposeScope();
        _sin = both.sin().to(ScalarType.Float32).DetachFromDisposeScope();
    }

    /// <summary>Values per head.</summary>
    public long HeadDim { get; }

    /// <summary>Positions covered by the tables.</summary>
    public long MaxLength { get; }

    /// <summary>Rotates <paramref name="x"/> [..., T, d] for positions 0..T−1.</summary>
    public Tensor Apply(Tensor x)
    {
        long length = x.shape[^2];
        if (length > MaxLength)
            throw new ArgumentException($"A sequence of {length} positions exceeds the rotary table of {MaxLength}.", nameof(x));
        if (x.shape[^1] != HeadDim)
            throw new ArgumentException($"Head dimension {x.shape[^1]} differs from the rotary table's {HeadDim}.", nameof(x));
        var cos = _cos.narrow(0, 0, length).to(x.device);
        var sin = _sin.narrow(0, 0, length).to(x.device);
        return x * cos + RotateHalf(x) * sin;
    }

    /// <summary>[−x₂, x₁] for x = [x₁, x₂] split at the middle of the last dimension.</summary>
    public static Tensor RotateHalf(Tensor x)
    {
        long half = x.shape[^1] / 2;
        var first = x.narrow(-1, 0, half);
        var second = x.narrow(-1, half, half);
        return cat(new[] { second.neg(), first }, -1);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _cos.Dispose();
        _sin.Dispose();
    }
}
