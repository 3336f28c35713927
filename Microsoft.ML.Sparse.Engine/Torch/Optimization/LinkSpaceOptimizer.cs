// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Torch.Layers;
using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Torch.Optimization;

/// <summary>
/// SGD, Adam or AdamW for the weights of sparse <see cref="MaskedLinear"/> layers, computed on their links only: each
/// step gathers the gradient and the weight at the mask's links, updates the link-sized moments and writes the links
/// back, so a step costs in proportion to the links instead of out × in (a dense optimizer over a masked weight reads
/// and writes every masked-out entry several times a step, then the scheduler masks its state and the weight again).
/// The arithmetic is TorchSharp's own, operation for operation (<c>SGD</c> with dampening 0 and no Nesterov, <c>Adam</c>
/// with L2 decay in the gradient, <c>AdamW</c> with decoupled decay), applied to the links; masked-out weights are never
/// written, so they stay exactly zero without masking. When a layer's mask changes (topology round, percolation,
/// restore), the moments of the links it keeps move with them and new links start from zero, as masking the dense state
/// does. Biases and dense layers stay with the ordinary optimizer.
/// </summary>
internal sealed class LinkSpaceOptimizer : IDisposable
{
    private readonly SparseOptimizer _kind;
    private readonly double _beta1, _beta2, _eps, _weightDecay, _momentum;
    private readonly Dictionary<MaskedLinear, LinkState> _states = new();

    /// <param name="layers">The sparse layers whose weights this optimizer updates (their masks as they are now).</param>
    /// <param name="kind">SGD (heavy-ball momentum), Adam (L2 in the gradient) or AdamW (decoupled decay).</param>
    /// <param name="learningRate">Initial learning rate (<see cref="LearningRate"/> can change it every step).</param>
    /// <param name="momentum">SGD momentum (0: none).</param>
    /// <param name="beta1">Adam β₁.</param>
    /// <param name="beta2">Adam β₂.</param>
    /// <param name="weightDecay">L2 decay (SGD, Adam) or decoupled decay (AdamW).</param>
    /// <param name="eps">Adam ε.</param>
    public LinkSpaceOptimizer(IEnumerable<MaskedLinear> layers, SparseOptimizer kind, double learningRate, double momentum, double beta1, double beta2,
        double weightDecay, double eps = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(layers);
        _kind = kind;
        (_momentum, _beta1, _beta2, _weightDecay, _eps) = (momentum, beta1, beta2, weightDecay, eps);
        LearningRate = learningRate;
        foreach (var layer in layers)
        {
            _states[layer] = new LinkState(layer, secondMoment: kind != SparseOptimizer.Sgd);
            layer.LinkGradientOnly = true;
        }
    }

    /// <summary>The learning rate of the next <see cref="Step"/>.</summary>
    public double LearningRate { get; set; }

    /// <summary>Whether <paramref name="layer"/>'s weight is updated here (and so needs no gradient, weight or state masking).</summary>
    public bool Manages(MaskedLinear layer) => _states.ContainsKey(layer);

    /// <summary>The link-sized state of <paramref name="layer"/>: link flat indices and the moment buffers (for tests).</summary>
    internal (Tensor Index, Tensor? First, Tensor? Second, long Steps) State(MaskedLinear layer)
    {
        var state = _states[layer];
        state.Follow();
        return (state.Index, state.First, state.Second, state.Steps);
    }

    /// <summary>
    /// Moves every layer's moments to its mask's current links now (the scheduler calls this after each round, so that
    /// a link removed by one round and regrown by the next starts from zero even when no step ran between them).
    /// </summary>
    public void FollowMasks()
    {
        foreach (var state in _states.Values)
            state.Follow();
    }

    /// <summary>
    /// Drops the managed weights' gradients (call with the ordinary optimizer's <c>zero_grad</c>): the next backward
    /// then stores its gradient instead of adding it to a zeroed one.
    /// </summary>
    public void ZeroGrad()
    {
        foreach (var layer in _states.Keys)
        {
            layer.DropLinkGradient();
            using var grad = layer.Weight.grad;
            if (grad is not null)
                layer.Weight.grad = null;
        }
    }

    /// <summary>One update of every managed weight that has a gradient.</summary>
    public void Step()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        double lr = LearningRate;
        foreach (var state in _states.Values)
        {
            var weight = state.Layer.Weight;
            var linkGradient = state.Layer.TakeLinkGradient();
            var denseGradient = weight.grad;
            if (linkGradient is null && denseGradient is null)
                continue;
            state.Follow();
            if (state.Links == 0)
                continue;
            var flat = weight.view(-1);
            var w = flat.index_select(0, state.Index);
            var g = Gradient(state, denseGradient, linkGradient);
            state.Steps++;
            switch (_kind)
            {
                case SparseOptimizer.Sgd:
                    if (_weightDecay != 0)
                        g = g.add(w, alpha: _weightDecay);
                    if (_momentum != 0)
                    {
                        state.First!.mul_(_momentum).add_(g, alpha: 1.0);
                        g = state.First;
                    }
                    w.add_(g, alpha: -lr);
                    break;
                default:
                    if (_kind == SparseOptimizer.AdamW)
                        w.mul_(1 - lr * _weightDecay);
                    else if (_weightDecay != 0)
                        g = g.add(w, alpha: _weightDecay);
                    double correction1 = 1 - Math.Pow(_beta1, state.Steps), correction2 = 1 - Math.Pow(_beta2, state.Steps);
                    state.First!.mul_(_beta1).add_(g, alpha: 1 - _beta1);
                    state.Second!.mul_(_beta2).addcmul_(g, g, value: 1 - _beta2);
                    var denominator = (state.Second.sqrt() / Math.Sqrt(correction2)).add_(_eps);
                    w.addcdiv_(state.First, denominator, value: -lr / correction1);
                    break;
            }
            flat.index_copy_(0, state.Index, w);
        }
    }

    /// <summary>The gradient at the links: gathered from the dense gradient, taken from the CSR kernels' link gradients, or both added.</summary>
    private static Tensor Gradient(LinkState state, Tensor? dense, float[]? links)
    {
        var gathered = dense?.reshape(-1).index_select(0, state.Index);
        if (links is null)
            return gathered!;
        if (links.Length != state.Links)
            throw new InvalidOperationException($"Layer '{state.Layer.GetName()}' left {links.Length} link gradients for {state.Links} links.");
        var fromKernels = tensor(links, dtype: state.Layer.Weight.dtype, device: state.Layer.Weight.device);
        return gathered is null ? fromKernels : gathered.add(fromKernels);
    }

    public void Dispose()
    {
        foreach (var layer in _states.Keys)
            layer.LinkGradientOnly = false;
        foreach (var state in _states.Values)
            state.Dispose();
        _states.Clear();
    }

    /// <summary>One layer's links (flat indices of the mask, ascending) and moments, following the mask's changes.</summary>
    private sealed class LinkState : IDisposable
    {
        private readonly bool _second;
        private int _version;

        public LinkState(MaskedLinear layer, bool secondMoment)
        {
            Layer = layer;
            _second = secondMoment;
            _version = layer.MaskVersion;
            Index = LinkIndex(layer);
            First = zeros(Index.shape[0], dtype: layer.Weight.dtype, device: layer.Weight.device).DetachFromDisposeScope();
            if (secondMoment)
                Second = zeros(Index.shape[0], dtype: layer.Weight.dtype, device: layer.Weight.device).DetachFromDisposeScope();
        }

        public MaskedLinear Layer { get; }

        public Tensor Index { get; private set; }

        public Tensor? First { get; private set; }

        public Tensor? Second { get; private set; }

        public long Steps { get; set; }

        public long Links => Index.shape[0];

        /// <summary>Moves the moments to the mask's current links when it changed since the last step.</summary>
        public void Follow()
        {
            if (_version == Layer.MaskVersion)
                return;
            _version = Layer.MaskVersion;
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var index = LinkIndex(Layer);
            First = Move(First!, Index, index);
            if (_second)
                Second = Move(Second!, Index, index);
            Index.Dispose();
            Index = index.DetachFromDisposeScope();
        }

        public void Dispose()
        {
            Index.Dispose();
            First?.Dispose();
            Second?.Dispose();
        }

        private static Tensor LinkIndex(MaskedLinear layer)
        {
            using var noGrad = no_grad();
            return layer.Mask.reshape(-1).nonzero().reshape(-1).DetachFromDisposeScope();
        }

        /// <summary>The values of <paramref name="values"/> (at <paramref name="from"/>) at <paramref name="to"/>: kept links keep theirs, new links get 0.</summary>
        private static Tensor Move(Tensor values, Tensor from, Tensor to)
        {
            Tensor moved;
            if (from.shape[0] == 0 || to.shape[0] == 0)
            {
                moved = zeros(to.shape[0], dtype: values.dtype, device: values.device);
            }
            else
            {
                var position = searchsorted(from, to).clamp_(max: from.shape[0] - 1);
                var kept = from.index_select(0, position).eq(to);
                moved = where(kept, values.index_select(0, position), zeros_like(values.index_select(0, position)));
            }
            values.Dispose();
            return moved.DetachFromDisposeScope();
        }
    }
}
