// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Torch.Layers;

namespace Microsoft.ML.Sparse.Engine.Torch;

/// <summary>
/// The masked layers a <see cref="SparseTopologyScheduler"/> manages and the graph percolation walks over them: chains
/// (one layer's outputs feed the next's inputs) and row pairs (layers whose output neurons correspond, e.g. q and k).
/// Only layers with <see cref="MaskedLinear.IsSparse"/> evolve; dense layers may appear in chains (they are read,
/// never changed).
/// </summary>
internal sealed class MaskedLayerGraph
{
    private readonly List<MaskedLinear> _layers;
    private readonly List<(int Upstream, int Downstream)> _chains = new();
    private readonly List<(int A, int B)> _rowPairs = new();

    /// <param name="layers">The network's masked layers, in forward order (order fixes the random-number consumption).</param>
    public MaskedLayerGraph(IReadOnlyList<MaskedLinear> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0)
            throw new ArgumentException("A sparse network needs at least one layer.", nameof(layers));
        if (layers.Any(l => l is null))
            throw new ArgumentException("Layers must not be null.", nameof(layers));
        if (layers.Distinct().Count() != layers.Count)
            throw new ArgumentException("A layer appears twice in the network.", nameof(layers));
        _layers = layers.ToList();
    }

    /// <summary>All layers, in the order given.</summary>
    public IReadOnlyList<MaskedLinear> Layers => _layers;

    /// <summary>The layers whose topology is managed (<see cref="MaskedLinear.IsSparse"/>).</summary>
    public IEnumerable<MaskedLinear> SparseLayers => _layers.Where(l => l.IsSparse);

    /// <summary>Registered chains as indices into <see cref="Layers"/>, in registration order.</summary>
    internal IReadOnlyList<(int Upstream, int Downstream)> Chains => _chains;

    /// <summary>Registered row pairs as indices into <see cref="Layers"/>.</summary>
    internal IReadOnlyList<(int A, int B)> RowPairs => _rowPairs;

    /// <summary>
    /// Declares that the output neurons of <paramref name="upstream"/> are the input neurons of
    /// <paramref name="downstream"/> (consecutive MLP layers, attention v → o, FFN w1 → w2). Register the chains of
    /// one path in forward order.
    /// </summary>
    public void AddChain(MaskedLinear upstream, MaskedLinear downstream)
    {
        int up = IndexOf(upstream, nameof(upstream)), down = IndexOf(downstream, nameof(downstream));
        if (up == down)
            throw new ArgumentException("A layer cannot be chained to itself.", nameof(downstream));
        if (upstream.OutFeatures != downstream.InFeatures)
            throw new ArgumentException(
                $"Cannot chain '{upstream.GetName()}' ({upstream.OutFeatures} outputs) to '{downstream.GetName()}' ({downstream.InFeatures} inputs): sizes differ.",
                nameof(downstream));
        _chains.Add((up, down));
    }

    /// <summary>
    /// Declares that row i of <paramref name="a"/> and row i of <paramref name="b"/> are only useful together
    /// (attention q/k, gated FFN gate/up): percolation keeps a row only if it is non-empty in both.
    /// </summary>
    public void AddRowPair(MaskedLinear a, MaskedLinear b)
    {
        int ia = IndexOf(a, nameof(a)), ib = IndexOf(b, nameof(b));
        if (ia == ib)
            throw new ArgumentException("A layer cannot be paired with itself.", nameof(b));
        if (a.OutFeatures != b.OutFeatures)
            throw new ArgumentException(
                $"Cannot pair the rows of '{a.GetName()}' ({a.OutFeatures}) and '{b.GetName()}' ({b.OutFeatures}): row counts differ.", nameof(b));
        _rowPairs.Add((ia, ib));
    }

    private int IndexOf(MaskedLinear layer, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(layer, parameterName);
        int index = _layers.IndexOf(layer);
        if (index < 0)
            throw new ArgumentException($"Layer '{layer.GetName()}' is not part of this network.", parameterName);
        return index;
    }
}
