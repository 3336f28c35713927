// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;
using Microsoft.ML.Sparse.Engine.Core;

namespace Microsoft.ML.Sparse.Engine.Csr;

/// <summary>
/// The three MLP heads on feature-major outputs z [outputs][stride] (batch column b &lt; count is a row):
/// <list type="bullet">
/// <item>CrossEntropy: softmax cross-entropy, −z_y + log Σ_c e^{z_c}; ∂/∂z = softmax − onehot.</item>
/// <item>BinaryLogistic: max(z, 0) − z·y + log(1 + e^{−|z|}) (PyTorch's binary_cross_entropy_with_logits); ∂/∂z = σ(z) − y.</item>
/// <item>SquaredError: (z − y)²; ∂/∂z = 2(z − y).</item>
/// </list>
/// Losses are computed in double; the gradient is scaled by the caller's factor (1/batch for a mean loss), is zero in
/// padding columns, which keeps every downstream gradient's padding zero, and has magnitudes below
/// <see cref="FeatureMajorKernels.Negligible"/> flushed to zero (a saturated softmax would otherwise hand subnormal
/// floats to the backward pass).
/// </summary>
internal static class FeatureMajorLoss
{
    /// <summary>Loss sum over the <paramref name="count"/> columns and, when <paramref name="gradient"/> is not empty, ∂(scale·loss)/∂z.</summary>
    /// <param name="loss">The head.</param>
    /// <param name="z">Outputs [outputs][stride].</param>
    /// <param name="outputs">Output neurons (classes for cross-entropy, else 1).</param>
    /// <param name="stride">Floats per output row.</param>
    /// <param name="count">Rows in the batch.</param>
    /// <param name="classes">Class per row (cross-entropy), else empty.</param>
    /// <param name="targets">Target per row (binary 0/1, regression), else empty.</param>
    /// <param name="gradient">Receives the gradient [outputs][stride], or empty.</param>
    /// <param name="scale">Factor of the gradient.</param>
    /// <param name="correct">Rows predicted right (classifiers; 0 for regression).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Compute(MlpLoss loss, ReadOnlySpan<float> z, int outputs, int stride, int count, ReadOnlySpan<int> classes,
        ReadOnlySpan<float> targets, Span<float> gradient, float scale, out long correct)
    {
        bool withGradient = !gradient.IsEmpty;
        if (withGradient)
            gradient.Slice(0, outputs * stride).Clear();
        correct = 0;
        double sum = 0;
        for (int b = 0; b < count; b++)
        {
            switch (loss)
            {
                case MlpLoss.CrossEntropy:
                    {
                        int y = classes[b], best = 0;
                        double max = double.NegativeInfinity;
                        for (int c = 0; c < outputs; c++)
                        {
                            double v = z[c * stride + b];
                            if (v > max)
                            {
                                max = v;
                                best = c;
                            }
                        }
                        double total = 0;
                        for (int c = 0; c < outputs; c++)
                            total += Math.Exp(z[c * stride + b] - max);
                        double logSum = max + Math.Log(total);
                        sum += logSum - z[y * stride + b];
                        if (best == y)
                            correct++;
                        if (withGradient)
                        {
                            for (int c = 0; c < outputs; c++)
                                gradient[c * stride + b] = FeatureMajorKernels.Flush((float)(Math.Exp(z[c * stride + b] - logSum) * scale));
                            gradient[y * stride + b] = FeatureMajorKernels.Flush(gradient[y * stride + b] - scale);
                        }
                        break;
                    }
                case MlpLoss.BinaryLogistic:
                    {
                        double v = z[b], y = targets[b];
                        sum += Math.Max(v, 0) - v * y + Math.Log(1 + Math.Exp(-Math.Abs(v)));
                        if ((v > 0) == (y > 0.5))
                            correct++;
                        if (withGradient)
                            gradient[b] = FeatureMajorKernels.Flush((float)((1 / (1 + Math.Exp(-v)) - y) * scale));
                        break;
                    }
                case MlpLoss.SquaredError:
                    {
                        double d = z[b] - targets[b];
                        sum += d * d;
                        if (withGradient)
                            gradient[b] = FeatureMajorKernels.Flush((float)(2 * d * scale));
                        break;
                    }
                default:
                    throw new ArgumentOutOfRangeException(nameof(loss), loss, "Unknown loss.");
            }
        }
        return sum;
    }
}
