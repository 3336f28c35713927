// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Sparse.Mlp;

/// <summary>
/// Warnings (ML.NET channel) about sparse layers whose density leaves their neurons with very few links: below one link
/// per neuron most neurons get no input; below <see cref="SparseMlpDefaults.WarningLinksPerNeuron"/> the layer can hardly
/// combine features (a 16-column table at the paper's 1% has 0.16 links per neuron in its first layer).
/// </summary>
internal static class SparseLayerWarnings
{
    /// <summary>Warns once per starved sparse layer; nothing for dense training.</summary>
    public static void Warn(IChannel channel, SparseMlpOptions options, int inputs, int[] hidden, int outputs, bool sparseInputLayer)
    {
        if (options.Topology.Method == SparseTrainingMethod.Dense)
            return;
        double density = options.Topology.EffectiveDensity;
        var sizes = new[] { inputs }.Concat(hidden).Append(outputs).ToArray();
        int sparseLayers = options.SparsifyOutputLayer ? sizes.Length - 1 : sizes.Length - 2;
        for (int l = sparseInputLayer ? 0 : 1; l < sparseLayers; l++)
        {
            long links = Engine.Core.TargetLinkCount.For(sizes[l + 1], sizes[l], density);
            double perNeuron = (double)links / sizes[l + 1];
            if (perNeuron >= SparseMlpDefaults.WarningLinksPerNeuron)
                continue;
            double enough = Math.Min(1.0, SparseMlpDefaults.MinimumLinksPerNeuron / (double)sizes[l]);
            string effect = perNeuron < 1 ? "most neurons get no input" : "each neuron sees only a few inputs";
            channel.Warning(MessageSensitivity.Unknown, string.Format(CultureInfo.InvariantCulture,
                "Density {0:G4} leaves layer {1} ({2}x{3}) with {4} links for {2} neurons ({5:F2} per neuron): {6}. " +
                "Raise Topology.Density (at least {7:G3} gives every neuron {8} links; leaving it unset chooses it from the data) or use wider inputs.",
                density, l + 1, sizes[l + 1], sizes[l], links, perNeuron, effect, enough, SparseMlpDefaults.MinimumLinksPerNeuron));
        }
    }
}
