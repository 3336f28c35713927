using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Layers;

/// <summary>
/// A linear layer y = x·Wᵀ + b whose weight W (out × in, PyTorch layout: rows are output neurons) is
/// sparse through a boolean mask M of the same shape. Sparsity is simulated densely, as in the CHTs
/// reference code: masked entries of W are kept exactly zero by <see cref="MaskGradient"/> (before the
/// optimizer step) and <see cref="ApplyMask"/> (after it); optimizer state is masked by the topology
/// scheduler. A layer created with <c>sparse: false</c> has an all-true mask and skips masking.
/// </summary>
internal sealed class MaskedLinear : nn.Module<Tensor, Tensor>
{
    // Field names are the registered parameter/buffer names ("weight", "bias", "mask").
    private Parameter weight;
    private Parameter? bias;
    private Tensor mask;

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

    /// <summary>Number of active links (true entries of the mask).</summary>
    public long ActiveLinks => mask.sum().ToInt64();

    /// <summary>Active links divided by out·in.</summary>
    public double Density => (double)ActiveLinks / (InFeatures * OutFeatures);

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => nn.functional.linear(input, weight, bias);

    /// <summary>Replaces the mask (same shape, bool) and zeroes the weights it removes.</summary>
    public void SetMask(Tensor newMask)
    {
        if (!newMask.shape.SequenceEqual(mask.shape))
            throw new ArgumentException($"Mask shape [{string.Join(",", newMask.shape)}] does not match layer '{GetName()}' [{OutFeatures},{InFeatures}].");
        using (no_grad())
        {
            mask.copy_(newMask.to(ScalarType.Bool));
        }
        ApplyMask();
    }

    /// <summary>Sets masked weights to exactly zero.</summary>
    public void ApplyMask()
    {
        if (!IsSparse)
            return;
        using (no_grad())
        {
            weight.mul_(mask);
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
            grad.mul_(mask);
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
        }
        base.Dispose(disposing);
    }
}
