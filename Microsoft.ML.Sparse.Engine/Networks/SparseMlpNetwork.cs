// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp.Modules;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Torch;
using Microsoft.ML.Sparse.Engine.Torch.Layers;

namespace Microsoft.ML.Sparse.Engine.Networks;

/// <summary>
/// The paper's MLP (docs/chts-specification.md §3): inputs → sparse hidden layers with ReLU (optional dropout) → output layer, which stays
/// dense unless asked otherwise (ultra-sparsity there would disconnect output neurons). Consecutive layers are chained
/// for percolation. Output: raw logits (or the regression value) [B, outputs].
/// </summary>
internal sealed class SparseMlpNetwork : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<MaskedLinear> layers;
    private readonly double _dropout;

    /// <param name="inputs">Input features.</param>
    /// <param name="hidden">Hidden layer widths (at least one).</param>
    /// <param name="outputs">Output neurons.</param>
    /// <param name="sparseOutputLayer">Whether the output layer is sparse too.</param>
    /// <param name="dropout">Dropout probability after every hidden activation, in [0, 1).</param>
    /// <param name="device">Device of all parameters.</param>
    /// <param name="sparseInputLayer">Whether the first layer (inputs → first hidden layer) is sparse; false keeps it dense.</param>
    public SparseMlpNetwork(int inputs, IReadOnlyList<int> hidden, int outputs, bool sparseOutputLayer, double dropout, Device device, bool sparseInputLayer = true)
        : base("sparse_mlp")
    {
        ArgumentNullException.ThrowIfNull(hidden);
        if (hidden.Count == 0)
            throw new ArgumentException("The MLP needs at least one hidden layer.", nameof(hidden));
        if (!(dropout >= 0 && dropout < 1))
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "Dropout must be in [0, 1).");
        _dropout = dropout;
        var list = new List<MaskedLinear>();
        int width = inputs;
        for (int i = 0; i < hidden.Count; i++)
        {
            list.Add(new MaskedLinear($"hidden{i + 1}", width, hidden[i], hasBias: true, sparse: i > 0 || sparseInputLayer, device: device));
            width = hidden[i];
        }
        list.Add(new MaskedLinear("output", width, outputs, hasBias: true, sparse: sparseOutputLayer, device: device));
        layers = nn.ModuleList(list.ToArray());
        RegisterComponents();
    }

    /// <summary>The weight layers, input first; the last one is the output layer.</summary>
    public IReadOnlyList<MaskedLinear> Layers => layers.ToList();

    /// <summary>Width of the first hidden layer (d_model of the noam schedules).</summary>
    public int FirstHiddenWidth => (int)layers[0].OutFeatures;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        var h = input;
        int last = layers.Count - 1;
        for (int i = 0; i < last; i++)
        {
            h = nn.functional.relu(layers[i].forward(h));
            if (_dropout > 0)
                h = nn.functional.dropout(h, _dropout, training);
        }
        return layers[last].forward(h);
    }

    /// <summary>The topology engine's view: every layer in forward order, consecutive layers chained.</summary>
    public MaskedLayerGraph CreateTopology()
    {
        var all = Layers;
        var network = new MaskedLayerGraph(all);
        for (int i = 0; i + 1 < all.Count; i++)
            network.AddChain(all[i], all[i + 1]);
        return network;
    }

    /// <summary>
    /// Folds an input map x ← (x − μ)/σ into the first layer (W ← W/σ column-wise, b ← b − W·μ), so a network trained
    /// on standardised features takes raw ones. Masked weights are 0 and stay 0, so the sparsity pattern is unchanged.
    /// </summary>
    public void FoldInputStandardization(InputStandardization standardization)
    {
        ArgumentNullException.ThrowIfNull(standardization);
        var first = layers[0];
        var (mean, std) = standardization.PerFeature((int)first.InFeatures);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var device = first.Weight.device;
        var w = first.Weight.to_type(ScalarType.Float64);
        var scaled = w.div(tensor(std.Select(v => (double)v).ToArray()).to(device));
        var shift = scaled.matmul(tensor(mean.Select(v => (double)v).ToArray()).to(device));
        first.Weight.copy_(scaled.to_type(first.Weight.dtype));
        if (first.Bias is { } bias)
            bias.copy_(bias.to_type(ScalarType.Float64).sub(shift).to_type(bias.dtype));
        else if (mean.Any(m => m != 0))
            throw new InvalidOperationException("Centring the inputs needs a bias in the first layer.");
    }

    /// <summary>
    /// Regression: folds y = ŷ·scale + shift into the output layer (W ← W·scale, b ← b·scale + shift), so a network
    /// trained on standardised targets predicts in the original units.
    /// </summary>
    public void FoldOutputAffine(float scale, float shift)
    {
        var output = layers[layers.Count - 1];
        using var noGrad = no_grad();
        output.Weight.mul_(scale);
        if (output.Bias is { } bias)
            bias.mul_(scale).add_(shift);
    }
}
