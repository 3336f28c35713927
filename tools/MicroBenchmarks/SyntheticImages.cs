// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.MicroBenchmarks;

/// <summary>
/// Seeded synthetic 28×28 "images" in 10 classes: each class is a random prototype in [0, 1], each row its prototype
/// plus uniform noise. Learnable, so the trained models are not random, and independent of any installed dataset.
/// </summary>
internal static class SyntheticImages
{
    /// <summary>Pixels per row (784, as MNIST and Fashion-MNIST).</summary>
    public const int Pixels = 784;

    /// <summary>Number of classes.</summary>
    public const int Classes = 10;

    /// <summary>Row-major features [rows × 784] and the class of each row.</summary>
    public static (float[] Features, int[] Labels) Create(int rows, int seed)
    {
        var random = new Random(seed);
        var prototypes = new float[Classes * Pixels];
        for (int i = 0; i < prototypes.Length; i++)
            prototypes[i] = (float)random.NextDouble();
        var features = new float[rows * Pixels];
        var labels = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            int label = labels[r] = random.Next(Classes);
            for (int p = 0; p < Pixels; p++)
                features[r * Pixels + p] = Math.Clamp(prototypes[label * Pixels + p] + (float)(random.NextDouble() - 0.5), 0f, 1f);
        }
        return (features, labels);
    }
}
