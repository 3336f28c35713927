// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Networks;

/// <summary>
/// An affine input map x ← (x − mean)/std learned on training rows: either one mean/std for every feature (the
/// paper's image normalisation) or one per feature. Applied in place to the training tensors and folded into the
/// first layer after training (<see cref="SparseMlpNetwork.FoldInputStandardization"/>).
/// </summary>
internal sealed class InputStandardization
{
    private InputStandardization(float[] mean, float[] std)
    {
        Mean = mean;
        Std = std;
    }

    /// <summary>Means: one value (global) or one per feature.</summary>
    public float[] Mean { get; }

    /// <summary>Standard deviations (never 0): one value (global) or one per feature.</summary>
    public float[] Std { get; }

    /// <summary>The map for <paramref name="mode"/> on row-major [rows, featureCount] values, or null for <see cref="FeatureStandardization.None"/>.</summary>
    public static InputStandardization? Fit(FeatureStandardization mode, float[] features, int rows, int featureCount)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (mode == FeatureStandardization.None || rows == 0)
            return null;
        var sum = new double[featureCount];
        var sumSquares = new double[featureCount];
        for (int r = 0; r < rows; r++)
        {
            int offset = r * featureCount;
            for (int j = 0; j < featureCount; j++)
            {
                double v = features[offset + j];
                sum[j] += v;
                sumSquares[j] += v * v;
            }
        }
        return FromSums(mode, sum, sumSquares, rows);
    }

    /// <summary>
    /// The map for <paramref name="mode"/> from per-feature sums and sums of squares over <paramref name="rows"/> rows
    /// (what one streaming pass collects), or null for <see cref="FeatureStandardization.None"/> or no rows.
    /// </summary>
    public static InputStandardization? FromSums(FeatureStandardization mode, double[] sum, double[] sumSquares, long rows)
    {
        ArgumentNullException.ThrowIfNull(sum);
        ArgumentNullException.ThrowIfNull(sumSquares);
        if (mode == FeatureStandardization.None || rows == 0)
            return null;
        bool global = mode == FeatureStandardization.Global;
        int groups = global ? 1 : sum.Length;
        double count = global ? (double)rows * sum.Length : rows;
        var mean = new float[groups];
        var std = new float[groups];
        for (int g = 0; g < groups; g++)
        {
            double m = (global ? sum.Sum() : sum[g]) / count;
            double variance = Math.Max(0, (global ? sumSquares.Sum() : sumSquares[g]) / count - m * m);
            double s = Math.Sqrt(variance);
            mean[g] = (float)m;
            std[g] = s > 1e-6 * Math.Max(1, Math.Abs(m)) && double.IsFinite(s) ? (float)s : 1f;
        }
        return new InputStandardization(mean, std);
    }

    /// <summary>Standardises row-major [rows, <paramref name="featureCount"/>] values in place (managed engine).</summary>
    public void ApplyInPlace(float[] features, int featureCount)
    {
        ArgumentNullException.ThrowIfNull(features);
        for (int i = 0; i < features.Length; i++)
        {
            int g = Mean.Length == 1 ? 0 : i % featureCount;
            features[i] = (features[i] - Mean[g]) / Std[g];
        }
    }

    /// <summary>Standardises [rows, features] in place.</summary>
    public void ApplyInPlace(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        using var scope = NewDisposeScope();
        if (Mean.Length == 1)
        {
            features.sub_(Mean[0]).div_(Std[0]);
            return;
        }
        var device = features.device;
        features.sub_(tensor(Mean).to(device)).div_(tensor(Std).to(device));
    }

    /// <summary>The per-feature means and standard deviations for <paramref name="featureCount"/> features.</summary>
    public (float[] Mean, float[] Std) PerFeature(int featureCount) => Mean.Length == 1
        ? (Enumerable.Repeat(Mean[0], featureCount).ToArray(), Enumerable.Repeat(Std[0], featureCount).ToArray())
        : (Mean, Std);
}
