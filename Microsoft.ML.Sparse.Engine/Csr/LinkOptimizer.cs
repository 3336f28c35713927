// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Numerics;
using System.Runtime.CompilerServices;
using Microsoft.ML.Sparse.Engine.Core.Kernels;

namespace Microsoft.ML.Sparse.Engine.Csr;

/// <summary>
/// The optimizers of the managed engine, applied to the links and biases of <see cref="CsrTrainingLayer"/>s with the
/// update rules of TorchSharp's (and PyTorch's) SGD, Adam and AdamW, so both engines train the same model:
/// <list type="bullet">
/// <item>SGD: d = g + λw; m = μm + d (m starts at 0, which equals PyTorch's first-step copy); w −= η·(μ &gt; 0 ? m : d).</item>
/// <item>Adam: g' = g + λw; m = β₁m + (1−β₁)g'; v = β₂v + (1−β₂)g'²; w −= η/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε).</item>
/// <item>AdamW: w ← w(1 − ηλ), then Adam without the λw term.</item>
/// </list>
/// A link that a topology round removes loses its moments; a regrown link starts with zero moments (the masked
/// reference zeroes them). t counts the updates made (all parameters are updated together). Moments below
/// <see cref="FeatureMajorKernels.Negligible"/> are set to zero: the moments of a link whose gradient stays zero decay
/// geometrically and would otherwise turn subnormal after several hundred (m) or tens of thousands (Adam's v) steps.
/// </summary>
internal sealed class LinkOptimizer
{
    private const float Epsilon = 1e-8f;
    private readonly SparseOptimizer _kind;
    private readonly float _momentum, _weightDecay, _beta1, _beta2;
    private readonly KernelWorkers? _workers;
    private long _step;

    /// <param name="kind">Update rule.</param>
    /// <param name="momentum">SGD momentum μ.</param>
    /// <param name="weightDecay">λ (L2 for SGD and Adam, decoupled for AdamW).</param>
    /// <param name="beta1">Adam β₁.</param>
    /// <param name="beta2">Adam β₂.</param>
    /// <param name="workers">Threads the links are split among (null: the calling thread); every update is elementwise, so the result does not depend on them.</param>
    public LinkOptimizer(SparseOptimizer kind, double momentum, double weightDecay, double beta1, double beta2, KernelWorkers? workers = null)
    {
        if (!Enum.IsDefined(kind))
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown optimizer.");
        _kind = kind;
        _momentum = (float)momentum;
        _weightDecay = (float)weightDecay;
        _beta1 = (float)beta1;
        _beta2 = (float)beta2;
        _workers = workers;
    }

    /// <summary>Updates made so far.</summary>
    public long Updates => _step;

    /// <summary>Applies one update to every layer from the gradients of the last backward pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Step(IReadOnlyList<CsrTrainingLayer> layers, double learningRate)
    {
        _step++;
        float lr = (float)learningRate;
        foreach (var layer in layers)
        {
            layer.EnsureMoments(_kind == SparseOptimizer.Sgd ? (_momentum > 0 ? 1 : 0) : 2);
            Update(layer.Values, layer.Gradients, layer.Moment1, layer.Moment2, lr);
            Update(layer.Bias, layer.BiasGradients, layer.BiasMoment1, layer.BiasMoment2, lr);
        }
    }

    /// <summary>Updates w from g (and the moments) in chunks of links, one per thread.</summary>
    private void Update(float[] w, float[] g, float[]? m, float[]? v, float lr)
    {
        int n = w.Length, parts = KernelPartition.ElementParts(n, _workers);
        KernelPartition.Run(_workers, parts, part =>
        {
            var (start, end) = KernelPartition.Chunk(n, part, parts);
            int length = end - start;
            if (_kind == SparseOptimizer.Sgd)
                Sgd(w.AsSpan(start, length), g.AsSpan(start, length), m is null ? Span<float>.Empty : m.AsSpan(start, length), lr);
            else
                Adam(w.AsSpan(start, length), g.AsSpan(start, length), m!.AsSpan(start, length), v!.AsSpan(start, length), lr);
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Sgd(Span<float> w, ReadOnlySpan<float> g, Span<float> m, float lr)
    {
        float wd = _weightDecay, mu = _momentum;
        int n = w.Length, vc = Vector<float>.Count, i = 0;
        if (m.IsEmpty)
        {
            for (; i <= n - vc; i += vc)
            {
                var wv = new Vector<float>(w.Slice(i));
                (wv - new Vector<float>(lr) * (new Vector<float>(g.Slice(i)) + new Vector<float>(wd) * wv)).CopyTo(w.Slice(i));
            }
            for (; i < n; i++)
                w[i] -= lr * (g[i] + wd * w[i]);
            return;
        }
        var tiny = new Vector<float>(FeatureMajorKernels.Negligible);
        for (; i <= n - vc; i += vc)
        {
            var wv = new Vector<float>(w.Slice(i));
            var mv = new Vector<float>(mu) * new Vector<float>(m.Slice(i)) + (new Vector<float>(g.Slice(i)) + new Vector<float>(wd) * wv);
            mv = Vector.ConditionalSelect(Vector.LessThan(Vector.Abs(mv), tiny), Vector<float>.Zero, mv);
            mv.CopyTo(m.Slice(i));
            (wv - new Vector<float>(lr) * mv).CopyTo(w.Slice(i));
        }
        for (; i < n; i++)
        {
            m[i] = FeatureMajorKernels.Flush(mu * m[i] + (g[i] + wd * w[i]));
            w[i] -= lr * m[i];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Adam(Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v, float lr)
    {
        double correction1 = 1 - Math.Pow(_beta1, _step), correction2 = 1 - Math.Pow(_beta2, _step);
        float stepSize = (float)(lr / correction1), rootCorrection2 = (float)Math.Sqrt(correction2);
        bool decoupled = _kind == SparseOptimizer.AdamW;
        float l2 = decoupled ? 0 : _weightDecay, shrink = decoupled ? 1 - lr * _weightDecay : 1;
        float b1 = _beta1, b2 = _beta2;
        for (int i = 0; i < w.Length; i++)
        {
            float wi = w[i] * shrink;
            float gi = g[i] + l2 * w[i];
            float mi = FeatureMajorKernels.Flush(b1 * m[i] + (1 - b1) * gi);
            float vi = FeatureMajorKernels.Flush(b2 * v[i] + (1 - b2) * gi * gi);
            m[i] = mi;
            v[i] = vi;
            w[i] = wi - stepSize * mi / (MathF.Sqrt(vi) / rootCorrection2 + Epsilon);
        }
    }
}
