// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Torch.Layers;

/// <summary>
/// A linear layer y = x·Wᵀ + b whose weight W (out × in, PyTorch layout: rows are output neurons) is
/// sparse through a boolean mask M of the same shape. Sparsity is simulated densely, as in the CHTs
/// reference code: masked entries of W are kept exactly zero by <see cref="MaskGradient"/> (before the
/// optimizer step) and <see cref="ApplyMask"/> (after it); optimizer state is masked by the topology
/// scheduler. A layer created with <c>sparse: false</c> has an all-true mask and skips masking.
/// </summary>
internal sealed class MaskedLinear : nn.Module<Tensor, Tensor>
{
    // Field names are the registered parameter/buffer names ("weight", "bias", "mask"). Not readonly: TorchSharp's
    // Module.to(device) replaces registered parameters and buffers and writes the new ones into these fields by reflection.
#pragma warning disable IDE0044
    private Parameter weight;
    private Parameter? bias;
    private Tensor mask;
#pragma warning restore IDE0044

    // The mask as 0/1 in the weight's dtype (not a registered buffer): multiplying by it avoids the bool → float
    // promotion (a temporary as large as the weight) on every masking call.
    private Tensor _maskValues;

    // The links of the mask for the sparse kernels; rebuilt lazily after the mask changes.
    private SparseLinearPattern? _pattern;

    /// <summary>Creates the layer with an all-true mask; a topology initialiser sets the real mask.</summary>
    /// <param name="name">Module name, also used in telemetry (e.g. "hidden1", "enc0.attn.q").</param>
    /// <param name="inFeatures">Number of input neurons (columns of W).</param>
    /// <param name="outFeatures">Number of output neurons (rows of W).</param>
    /// <param name="hasBias">Whether the layer has a (dense) bias.</param>
    /// <param name="sparse">False for layers that always stay dense (e.g. the classifier head).</param>
    /// <param name="device">Device for parameters and mask.</param>
    public MaskedLinear(string name, long inFeatures, long outFeatures, bool hasBias = true, bool sparse = true, Device? device = null)
        : base(name)
    {
        if (inFeatures <= 0 || outFeatures <= 0)
            throw new ArgumentOutOfRangeException(nameof(inFeatures), $"Layer '{name}' needs positive sizes, got {outFeatures}x{inFeatures}.");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        IsSparse = sparse;
        weight = empty(outFeatures, inFeatures, device: device).AsParameter();
        nn.init.kaiming_uniform_(weight, a: Math.Sqrt(5));
        if (hasBias)
        {
            bias = empty(outFeatures, device: device).AsParameter();
            double bound = 1.0 / Math.Sqrt(inFeatures);
            nn.init.uniform_(bias, -bound, bound);
        }
        mask = ones(outFeatures, inFeatures, dtype: ScalarType.Bool, device: device);
        RegisterComponents();
        // Assigned after RegisterComponents so that it is not registered as a buffer (not in state_dict).
        _maskValues = ones(outFeatures, inFeatures, dtype: weight.dtype, device: device).DetachFromDisposeScope();
    }

    /// <summary>Number of input neurons.</summary>
    public long InFeatures { get; }

    /// <summary>Number of output neurons.</summary>
    public long OutFeatures { get; }

    /// <summary>Whether topology evolution applies to this layer.</summary>
    public bool IsSparse { get; }

    /// <summary>The weight, shape [out, in].</summary>
    public Parameter Weight => weight;

    /// <summary>The bias, shape [out], or null.</summary>
    public Parameter? Bias => bias;

    /// <summary>The boolean mask, shape [out, in]. Replace it with <see cref="SetMask"/>.</summary>
    public Tensor Mask => mask;

    /// <summary>The mask as 0/1 values of the weight's dtype and device (kept in step with <see cref="Mask"/>).</summary>
    public Tensor MaskValues
    {
        get
        {
            if (_maskValues.device_type != weight.device_type || _maskValues.device_index != weight.device_index || _maskValues.dtype != weight.dtype)
                RefreshMaskValues(); // the module was moved or converted with .to(...)
            return _maskValues;
        }
    }

    /// <summary>Number of active links (true entries of the mask).</summary>
    public long ActiveLinks => mask.sum().ToInt64();

    /// <summary>Active links divided by out·in.</summary>
    public double Density => (double)ActiveLinks / (InFeatures * OutFeatures);

    /// <summary>
    /// Whether training passes (gradients enabled) compute this sparse layer with the managed CSR kernels of
    /// <see cref="SparseLinearFunction"/> instead of the dense product of the masked weight: same results up to the order
    /// of the sums, cost in proportion to the links, but the weight gradient exists only at the links (RigL's growth
    /// needs the dense one: the scheduler turns the kernels off for the step before its rounds). Only for float32 layers
    /// on the CPU; evaluation stays dense. The training steppers set it from <see cref="SparseKernelsPay"/>.
    /// </summary>
    public bool UseSparseKernels { get; set; }

    /// <summary>
    /// Whether the CSR kernels beat libtorch's masked dense product for this layer: its density is at most
    /// <see cref="SparseKernelMaximumDensity"/> of its size (the crossover measured per projection shape in
    /// bench/transformer-step-report.md, forward + backward over 1,536 tokens on one thread).
    /// </summary>
    public bool SparseKernelsPay => IsSparse
        && (_pattern ??= SparseLinearPattern.FromMask(mask)).Links.LinkCount <= SparseKernelMaximumDensity(InFeatures * OutFeatures) * InFeatures * OutFeatures;

    /// <summary>
    /// The highest density at which <see cref="SparseKernelsPay"/> holds for a layer of <paramref name="weights"/> = out·in
    /// weights: 10% from 512 × 512, 5% from 128 × 512 (the d_ff projections of a d_model-128 Transformer), never below
    /// (a 128 × 128 projection is too small for the kernels to win against the dense product on 1,536 tokens).
    /// </summary>
    public static double SparseKernelMaximumDensity(long weights) => weights >= 512 * 512 ? 0.10 : weights >= 128 * 512 ? 0.05 : 0;

    /// <summary>
    /// Set by the optimizer that updates this weight on its links: the CSR kernels' backward then keeps the link
    /// gradients for it (<see cref="TakeLinkGradient"/>) instead of forming the dense weight gradient.
    /// </summary>
    public bool LinkGradientOnly { get; set; }

    /// <summary>The link gradients (CSR order: ascending row-major position) the CSR backward passes left since the last call, or null.</summary>
    public float[]? TakeLinkGradient() => _pattern?.Workspace.TakeLinkGradient();

    /// <summary>Forgets the link gradients waiting for the optimizer.</summary>
    public void DropLinkGradient() => _pattern?.Workspace.DropLinkGradient();

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        if (UseSparseKernels && IsSparse && is_grad_enabled() && weight.device_type == DeviceType.CPU && weight.dtype == ScalarType.Float32
            && input.dtype == ScalarType.Float32)
        {
            _pattern ??= SparseLinearPattern.FromMask(mask);
            return SparseLinearFunction.apply(input, weight, bias!, _pattern, LinkGradientOnly);
        }
        return nn.functional.linear(input, weight, bias);
    }

    /// <summary>Replaces the mask (same shape, bool) and zeroes the weights it removes.</summary>
    public void SetMask(Tensor newMask)
    {
        if (!newMask.shape.SequenceEqual(mask.shape))
            throw new ArgumentException($"Mask shape [{string.Join(",", newMask.shape)}] does not match layer '{GetName()}' [{OutFeatures},{InFeatures}].");
        using (no_grad())
        {
            mask.copy_(newMask.to(ScalarType.Bool));
        }
        RefreshMaskValues();
        ApplyMask();
    }

    /// <summary>Changes whenever the mask may have changed (<see cref="SetMask"/>, <see cref="RefreshMaskValues"/>): link-sized state compares it.</summary>
    public int MaskVersion { get; private set; }

    /// <summary>Recomputes <see cref="MaskValues"/> from <see cref="Mask"/> (after the mask buffer was written directly, e.g. by a state restore or a device move).</summary>
    public void RefreshMaskValues()
    {
        _pattern = null;
        MaskVersion++;
        using (no_grad())
        {
            if (_maskValues.device_type != weight.device_type || _maskValues.device_index != weight.device_index || _maskValues.dtype != weight.dtype)
            {
                _maskValues.Dispose();
                _maskValues = mask.to(weight.dtype, weight.device).DetachFromDisposeScope();
            }
            else
            {
                _maskValues.copy_(mask);
            }
        }
    }

    /// <summary>Sets masked weights to exactly zero.</summary>
    public void ApplyMask()
    {
        if (!IsSparse)
            return;
        using (no_grad())
        {
            weight.mul_(MaskValues);
        }
    }

    /// <summary>Sets the gradient of masked weights to exactly zero (call after backward, before the step).</summary>
    public void MaskGradient()
    {
        if (!IsSparse)
            return;
        var grad = weight.grad;
        if (grad is null)
            return;
        using (no_grad())
        {
            grad.mul_(MaskValues);
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            weight.Dispose();
            bias?.Dispose();
            mask.Dispose();
            _maskValues.Dispose();
        }
        base.Dispose(disposing);
    }
}
