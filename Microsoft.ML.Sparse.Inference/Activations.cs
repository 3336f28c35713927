// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Microsoft.ML.Sparse.Inference;

/// <summary>Element-wise activations, vectorised with <see cref="Vector{T}"/>.</summary>
internal static class Activations
{
    /// <summary>Applies <paramref name="activation"/> to every element of <paramref name="values"/> in place.</summary>
    public static void ApplyInPlace(MlpActivation activation, Span<float> values)
    {
        switch (activation)
        {
            case MlpActivation.Identity:
                return;
            case MlpActivation.Relu:
                Relu(values);
                return;
            case MlpActivation.Clamp01:
                Clamp01(values);
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        }
    }

    /// <summary>The activation of one value (used when folding constant neurons into the next layer's bias).</summary>
    public static float Apply(MlpActivation activation, float value) => activation switch
    {
        MlpActivation.Identity => value,
        MlpActivation.Relu => value > 0f ? value : (float.IsNaN(value) ? value : 0f),
        MlpActivation.Clamp01 => value > 1f ? 1f : value > 0f ? value : (float.IsNaN(value) ? value : 0f),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Relu(Span<float> values)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<float>.Count)
        {
            var vectors = MemoryMarshal.Cast<float, Vector<float>>(values);
            for (int v = 0; v < vectors.Length; v++)
                vectors[v] = Vector.Max(vectors[v], Vector<float>.Zero);
            i = vectors.Length * Vector<float>.Count;
        }
        for (; i < values.Length; i++)
            values[i] = Apply(MlpActivation.Relu, values[i]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Clamp01(Span<float> values)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<float>.Count)
        {
            var vectors = MemoryMarshal.Cast<float, Vector<float>>(values);
            for (int v = 0; v < vectors.Length; v++)
                vectors[v] = Vector.Min(Vector.Max(vectors[v], Vector<float>.Zero), Vector<float>.One);
            i = vectors.Length * Vector<float>.Count;
        }
        for (; i < values.Length; i++)
            values[i] = Apply(MlpActivation.Clamp01, values[i]);
    }
}
