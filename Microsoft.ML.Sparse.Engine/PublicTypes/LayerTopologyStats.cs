// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse;

/// <summary>Topology of one sparse layer after a topology round (or at a snapshot). Immutable.</summary>
public sealed class LayerTopologyStats
{
    /// <summary>Creates the record.</summary>
    /// <param name="layerName">Name of the layer.</param>
    /// <param name="rows">Output neurons (rows of the weight).</param>
    /// <param name="columns">Input neurons (columns of the weight).</param>
    /// <param name="activeLinks">Links present after the round.</param>
    /// <param name="removed">Links present before the round and absent after removal (density-decay pruning, removal and percolation together).</param>
    /// <param name="pruned">Of <paramref name="removed"/>, the links cut by CHTss density-decay pruning.</param>
    /// <param name="percolated">Of <paramref name="removed"/>, the links cut by neuron percolation.</param>
    /// <param name="regrown">Links added by regrowth.</param>
    /// <param name="removedRegrownOverlap">Links removed and regrown in the same round.</param>
    /// <param name="activeInputNeurons">Input neurons with at least one link.</param>
    /// <param name="activeOutputNeurons">Output neurons with at least one link.</param>
    /// <param name="evolutionStopped">Whether early stop has frozen this layer.</param>
    public LayerTopologyStats(string layerName, long rows, long columns, long activeLinks, long removed, long pruned, long percolated,
        long regrown, long removedRegrownOverlap, long activeInputNeurons, long activeOutputNeurons, bool evolutionStopped)
    {
        LayerName = layerName ?? throw new ArgumentNullException(nameof(layerName));
        Rows = rows;
        Columns = columns;
        ActiveLinks = activeLinks;
        Removed = removed;
        Pruned = pruned;
        Percolated = percolated;
        Regrown = regrown;
        RemovedRegrownOverlap = removedRegrownOverlap;
        ActiveInputNeurons = activeInputNeurons;
        ActiveOutputNeurons = activeOutputNeurons;
        EvolutionStopped = evolutionStopped;
    }

    /// <summary>Name of the layer.</summary>
    public string LayerName { get; }

    /// <summary>Output neurons (rows of the weight matrix).</summary>
    public long Rows { get; }

    /// <summary>Input neurons (columns of the weight matrix).</summary>
    public long Columns { get; }

    /// <summary>Number of links (non-zero mask entries).</summary>
    public long ActiveLinks { get; }

    /// <summary><see cref="ActiveLinks"/> / (<see cref="Rows"/> · <see cref="Columns"/>).</summary>
    public double Density => (double)ActiveLinks / (Rows * Columns);

    /// <summary>Links removed in the round: density-decay pruning, removal criterion and percolation together.</summary>
    public long Removed { get; }

    /// <summary>Links cut by CHTss density-decay pruning (part of <see cref="Removed"/>).</summary>
    public long Pruned { get; }

    /// <summary>Links cut by neuron percolation (part of <see cref="Removed"/>).</summary>
    public long Percolated { get; }

    /// <summary>Links grown in the round.</summary>
    public long Regrown { get; }

    /// <summary>Links that were removed and regrown in the same round (the "epitopological local minimum" signal).</summary>
    public long RemovedRegrownOverlap { get; }

    /// <summary><see cref="RemovedRegrownOverlap"/> / <see cref="Regrown"/> (0 when nothing was regrown).</summary>
    public double OverlapFraction => Regrown == 0 ? 0 : (double)RemovedRegrownOverlap / Regrown;

    /// <summary>Input neurons (columns) with at least one link.</summary>
    public long ActiveInputNeurons { get; }

    /// <summary>Output neurons (rows) with at least one link.</summary>
    public long ActiveOutputNeurons { get; }

    /// <summary>(active inputs + active outputs) / (columns + rows).</summary>
    public double ActiveNeuronFraction => (double)(ActiveInputNeurons + ActiveOutputNeurons) / (Rows + Columns);

    /// <summary>Whether early stop has frozen this layer's topology.</summary>
    public bool EvolutionStopped { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{LayerName} [{Rows}x{Columns}] links={ActiveLinks} density={Density:G4} removed={Removed} (pruned={Pruned}, percolated={Percolated}) " +
        $"regrown={Regrown} overlap={RemovedRegrownOverlap} active in/out={ActiveInputNeurons}/{ActiveOutputNeurons}";
}
