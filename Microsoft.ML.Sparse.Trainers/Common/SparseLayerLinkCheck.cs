// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;

namespace Microsoft.ML.Sparse.Trainers;

/// <summary>
/// Refuses, before any training, a density that leaves a sparse layer without links: when density x inputs x neurons
/// rounds to 0 the engine would still keep one link (its floor), the layer would pass almost nothing on and the model
/// would predict the same value for every row. The error names the layer, its link count and the smallest density
/// that gives every neuron of every sparse layer one link. Densities that give a layer a few links train, with the
/// warnings of the MLP trainers (<c>SparseLayerWarnings</c>).
/// </summary>
internal static class SparseLayerLinkCheck
{
    /// <summary>A sparse layer: its name in messages, its neurons (rows) and its inputs (columns).</summary>
    internal readonly record struct Layer(string Name, int Neurons, int Inputs);

    /// <summary>
    /// The sparse layers of an MLP: input -> hidden... (the first one only when <paramref name="sparseInputLayer"/>), plus
    /// the output layer when it is sparse too.
    /// </summary>
    public static IReadOnlyList<Layer> MlpLayers(int inputs, IReadOnlyList<int> hidden, int outputs, bool sparseOutputLayer, bool sparseInputLayer = true)
    {
        var sizes = new[] { inputs }.Concat(hidden).Append(outputs).ToArray();
        int sparse = sparseOutputLayer ? sizes.Length - 1 : sizes.Length - 2;
        return Enumerable.Range(sparseInputLayer ? 0 : 1, sparseInputLayer ? sparse : sparse - 1)
            .Select(l => new Layer(string.Create(CultureInfo.InvariantCulture, $"layer {l + 1} ({sizes[l + 1]}x{sizes[l]})"), sizes[l + 1], sizes[l]))
            .ToArray();
    }

    /// <summary>The sparse projections of a Transformer layer: q, k, v, o (d x d), w1 (d_ff x d) and w2 (d x d_ff).</summary>
    public static IReadOnlyList<Layer> TransformerLayers(int modelDim, int feedForwardDim) => new[]
    {
        new Layer(string.Create(CultureInfo.InvariantCulture, $"attention projection ({modelDim}x{modelDim})"), modelDim, modelDim),
        new Layer(string.Create(CultureInfo.InvariantCulture, $"feed-forward w1 ({feedForwardDim}x{modelDim})"), feedForwardDim, modelDim),
        new Layer(string.Create(CultureInfo.InvariantCulture, $"feed-forward w2 ({modelDim}x{feedForwardDim})"), modelDim, feedForwardDim),
    };

    /// <summary>Throws when <paramref name="topology"/>'s final density leaves one of <paramref name="layers"/> without links; nothing for dense training.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A sparse layer would get no link (parameter name "Density").</exception>
    public static void ThrowIfALayerHasNoLinks(SparseTopologyOptions topology, IReadOnlyList<Layer> layers)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(layers);
        if (topology.Method == SparseTrainingMethod.Dense || layers.Count == 0)
            return;
        double density = topology.EffectiveDensity;
        foreach (var layer in layers)
        {
            long possible = (long)layer.Neurons * layer.Inputs;
            double exact = density * possible;
            long links = (long)Math.Round(exact, MidpointRounding.AwayFromZero);
            if (links >= 1)
                continue;
            int narrowest = layers.Min(l => l.Inputs);
            throw new ArgumentOutOfRangeException(nameof(SparseTopologyOptions.Density), density, string.Format(CultureInfo.InvariantCulture,
                "Topology.Density {0:G4} leaves sparse {1} with 0 links ({0:G4} x {2:N0} possible links = {3:G3}, which rounds to 0): " +
                "the model would ignore its inputs and predict the same value for every row. Set Topology.Density to at least {4} " +
                "(as many links as neurons in every sparse layer; {5} gives {6} links per neuron), or leave it unset to choose it from the data.",
                density, layer.Name, possible, exact, FormatAtLeast(1.0 / narrowest),
                FormatAtLeast((double)SparseMlpDefaults.MinimumLinksPerNeuron / narrowest), SparseMlpDefaults.MinimumLinksPerNeuron));
        }
    }

    /// <summary><paramref name="value"/> rounded up to three significant digits (so that the density it shows is enough), at most 1.</summary>
    internal static string FormatAtLeast(double value)
    {
        if (value >= 1)
            return "1";
        double scale = Math.Pow(10, 2 - Math.Floor(Math.Log10(value)));
        return (Math.Ceiling(value * scale - 1e-9) / scale).ToString("G3", CultureInfo.InvariantCulture);
    }
}
