// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Core;

namespace Microsoft.ML.Sparse.Mlp;

/// <summary>
/// How many training steps one topology round of the managed engine costs, estimated from the layer shapes and the
/// density alone (so the automatic round interval is deterministic): a CHTs round costs about 1.5 ms plus 0.3 ns per
/// unit of Cannistraci-Hebb work (neuron pairs with a common neighbour × degree, both sides) plus 250 ns per evolving
/// link (removal, percolation, regrowth bookkeeping); a step about 60 µs plus 0.15 ns per link and row of the batch.
/// The constants were fitted (log-scale least squares) to one-thread measurements of whole rounds and steps of
/// 3-hidden-layer networks of 128 to 1568 neurons at 1% to 50% density, where the measured round/step ratio ran from 5
/// to 170; the estimate is within a factor of about two of each.
/// </summary>
internal static class TopologyRoundCost
{
    private const double ChWorkNs = 0.3, EvolvingLinkNs = 250, RoundFixedNs = 1_500_000;
    private const double StepFixedNs = 60_000, LinkRowNs = 0.15;

    /// <summary>One layer: its shape, its links at the start, and whether rounds change it.</summary>
    internal readonly record struct Layer(int Rows, int Columns, long Links, bool Evolves);

    /// <summary>The layers of an MLP of these widths at <paramref name="density"/> (first and output layer sparse as asked).</summary>
    public static Layer[] Layers(int inputs, IReadOnlyList<int> hidden, int outputs, double density, bool sparseInput, bool sparseOutput)
    {
        var sizes = new[] { inputs }.Concat(hidden).Append(outputs).ToArray();
        var layers = new Layer[sizes.Length - 1];
        for (int l = 0; l < layers.Length; l++)
        {
            bool evolves = l == layers.Length - 1 ? sparseOutput : l > 0 || sparseInput;
            int rows = sizes[l + 1], columns = sizes[l];
            layers[l] = new Layer(rows, columns, evolves ? TargetLinkCount.For(rows, columns, density) : (long)rows * columns, evolves);
        }
        return layers;
    }

    /// <summary>Estimated cost of one round in training steps of <paramref name="batchSize"/> rows (0 when no layer can evolve).</summary>
    public static double StepsPerRound(IReadOnlyList<Layer> layers, int batchSize)
    {
        if (!layers.Any(l => l.Evolves && l.Links < (long)l.Rows * l.Columns))
            return 0;
        double round = RoundFixedNs, step = StepFixedNs;
        foreach (var layer in layers)
        {
            step += batchSize * LinkRowNs * layer.Links;
            if (!layer.Evolves || layer.Links >= (long)layer.Rows * layer.Columns)
                continue;
            double rows = layer.Rows, columns = layer.Columns, links = layer.Links;
            double outDegree = links / rows, inDegree = links / columns;
            double chWork = Math.Min(rows * rows, rows * outDegree * inDegree) * outDegree + Math.Min(columns * columns, columns * inDegree * outDegree) * inDegree;
            round += ChWorkNs * chWork + EvolvingLinkNs * links;
        }
        return round / step;
    }
}
