// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Networks.LanguageModel;

/// <summary>
/// Root-mean-square normalisation (LLaMA): y = x / sqrt(mean(x²) + ε) · g over the last dimension, with a learnt gain g
/// (initialised to 1) and no bias or mean subtraction.
/// </summary>
internal sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    /// <summary>ε of LLaMA's RMSNorm.</summary>
    public const double DefaultEpsilon = 1e-6;

#pragma warning disable IDE0044 // written by TorchSharp's Module.to(device) through reflection
    private Parameter weight;
#pragma warning restore IDE0044
    private readonly Scalar _epsilon;

    /// <summary>Creates the norm over vectors of <paramref name="dimension"/> values.</summary>
    public RmsNorm(string name, long dimension, double epsilon = DefaultEpsilon) : base(name)
    {
        if (dimension <= 0)
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "RMSNorm needs a positive dimension.");
        weight = ones(dimension).AsParameter();
        _epsilon = epsilon.ToScalar();   // one instance, alive as long as the module (AttentionMasks.MaskedScoreScalar says why)
        RegisterComponents();
    }

    /// <summary>The gain g [dimension].</summary>
    public Parameter Weight => weight;

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        var meanSquare = x.square().mean(new long[] { -1 }, keepdim: true);
        return x * (meanSquare + _epsilon).rsqrt() * weight;
    }
}
