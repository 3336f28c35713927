// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse;

/// <summary>
/// Read-only description of the network inside a sparse prediction transformer: architecture, layer sizes, active
/// links, density and the neurons kept after percolation. It is the <c>Model</c> of the prediction transformers.
/// </summary>
public sealed class SparseModelInfo
{
    internal SparseModelInfo(string architecture, int inputSize, int outputSize, IReadOnlyList<SparseLayerInfo> layers, int hiddenNeurons, int activeHiddenNeurons)
    {
        Architecture = architecture;
        InputSize = inputSize;
        OutputSize = outputSize;
        Layers = layers;
        HiddenNeurons = hiddenNeurons;
        ActiveHiddenNeurons = activeHiddenNeurons;
    }

    /// <summary>Short description, e.g. "MLP 784-1568-1568-1568-10".</summary>
    public string Architecture { get; }

    /// <summary>Number of input values (features, or tokens for text models).</summary>
    public int InputSize { get; }

    /// <summary>Number of raw outputs (classes, or 1 for binary classification and regression).</summary>
    public int OutputSize { get; }

    /// <summary>The weight layers, input first.</summary>
    public IReadOnlyList<SparseLayerInfo> Layers { get; }

    /// <summary>Links (non-masked weights) over all layers.</summary>
    public long ActiveLinks => Layers.Sum(l => l.ActiveLinks);

    /// <summary>Links the same architecture would have if every layer were dense.</summary>
    public long DenseLinks => Layers.Sum(l => (long)l.InputSize * l.OutputSize);

    /// <summary>
    /// <see cref="ActiveLinks"/> / <see cref="DenseLinks"/> over the whole network: the dense output layer (and a dense
    /// first layer) included, so for a narrow MLP at 10% this can read 14-28%. The density the
    /// <c>SparseTopologyOptions.Density</c> option sets, that of the sparse layers alone, is <see cref="HiddenLayerDensity"/>.
    /// </summary>
    public double NetworkDensity => DenseLinks == 0 ? 0 : (double)ActiveLinks / DenseLinks;

    /// <summary>The whole network's share of links: the same value as <see cref="NetworkDensity"/> (kept for existing code).</summary>
    public double Density => NetworkDensity;

    /// <summary>
    /// Share of links kept in the sparse layers before the output layer, which is what
    /// <c>SparseTopologyOptions.Density</c> sets (equal to it up to the rounding of each layer's link count). Layers that
    /// hold every possible link (a dense first layer on a narrow table, an input encoding) are left out unless every
    /// layer is dense (then 1). <see cref="NetworkDensity"/> when there is a single layer.
    /// </summary>
    public double HiddenLayerDensity
    {
        get
        {
            if (Layers.Count < 2)
                return NetworkDensity;
            var hidden = Layers.Take(Layers.Count - 1).Where(l => l.ActiveLinks < (long)l.InputSize * l.OutputSize).ToArray();
            if (hidden.Length == 0)
                return 1;
            long dense = hidden.Sum(l => (long)l.InputSize * l.OutputSize);
            return dense == 0 ? 0 : (double)hidden.Sum(l => l.ActiveLinks) / dense;
        }
    }

    /// <summary>Hidden neurons of the trained architecture.</summary>
    public int HiddenNeurons { get; }

    /// <summary>Hidden neurons kept after neurons without links were removed.</summary>
    public int ActiveHiddenNeurons { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Architecture}: {ActiveLinks} of {DenseLinks} links (network {NetworkDensity:P2}; sparse layers {HiddenLayerDensity:P2}), {ActiveHiddenNeurons}/{HiddenNeurons} hidden neurons active";
}
