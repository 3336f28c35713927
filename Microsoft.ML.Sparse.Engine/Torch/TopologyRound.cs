// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Torch.Layers;
using Microsoft.ML.Sparse.Engine.Torch.LinkPrediction;
using Microsoft.ML.Sparse.Engine.Torch.Percolation;
using Microsoft.ML.Sparse.Engine.Torch.Regrowth;
using Microsoft.ML.Sparse.Engine.Torch.Removal;
using Microsoft.ML.Sparse.Engine.Torch.Sampling;
using Microsoft.ML.Sparse.Engine.Torch.Topology;

namespace Microsoft.ML.Sparse.Engine.Torch;

/// <summary>
/// One topology-evolution round over a network (order as in the reference code, docs/chts-specification.md §2):
/// <list type="number">
/// <item>prune every evolving layer down to its target link count if it holds more (density decay: hard top-k by
/// relative importance for CHTss, by weight magnitude for GMP/GraNet; other methods: by the removal score, a guard
/// that never fires in normal use);</item>
/// <item>remove ⌊nnz·ζ_t⌋ links per layer (keep max(1, nnz − ⌊nnz·ζ_t⌋)) by the removal criterion, soft or hard;</item>
/// <item>percolate inactive neurons over the registered chains and row pairs;</item>
/// <item>regrow every layer to exactly its target link count from the link predictor's scores.</item>
/// </list>
/// The new masks are written to the layers (which zeroes removed weights; regrown weights are already 0).
/// </summary>
internal sealed class TopologyRound
{
    private readonly EvolutionPlan _plan;
    private readonly NeuronPercolation _percolation;
    private readonly SeededGenerators _generators;

    public TopologyRound(EvolutionPlan plan, NeuronPercolation percolation, SeededGenerators generators)
    {
        _plan = plan;
        _percolation = percolation;
        _generators = generators;
    }

    /// <summary>Runs the round and returns per-layer changes (null for layers that did not evolve) and the link-prediction time.</summary>
    /// <param name="layers">All layers of the network.</param>
    /// <param name="evolving">Which layers evolve in this round.</param>
    /// <param name="targetLinks">Target link count per layer (read for evolving layers).</param>
    /// <param name="zeta">Fraction of links removed.</param>
    /// <param name="temperature">Soft-removal temperature.</param>
    /// <param name="gradients">Dense gradients captured for gradient-magnitude regrowth, or null.</param>
    /// <param name="keepAfterRemoval">Links each layer keeps after removal, in place of ⌊links·ζ⌋ removed (a density surplus), or null.</param>
    public (TopologyLayerChange?[] Changes, TimeSpan LinkPredictionTime) Run(IReadOnlyList<MaskedLinear> layers, bool[] evolving, long[] targetLinks,
        double zeta, double temperature, IReadOnlyDictionary<MaskedLinear, Tensor>? gradients, long[]? keepAfterRemoval = null)
    {
        using var scope = NewDisposeScope();
        int n = layers.Count;
        var before = new Tensor[n];
        var masks = new Tensor[n];
        var pruned = new long[n];
        var afterRemoval = new long[n];
        bool softRemoval = RemovalRule.IsSoft(_plan.Removal);

        for (int i = 0; i < n; i++)
        {
            before[i] = layers[i].Mask.clone();
            masks[i] = before[i];
            if (!evolving[i])
                continue;
            var layer = layers[i];
            var generator = _generators.For(layer.Mask.device);
            long links = MaskOps.Count(masks[i]);
            if (_plan.DensityDecay && links > targetLinks[i])
            {
                var pruneScores = LinkRemovalScores.For(_plan.Pruning, layer.Weight, masks[i]);
                masks[i] = LinkSelection.Keep(masks[i], pruneScores, targetLinks[i], soft: false, temperature, generator);
                pruned[i] = links - targetLinks[i];
                links = targetLinks[i];
            }
            long remove = (long)Math.Floor(links * zeta);
            long keep = keepAfterRemoval is null ? (links == 0 ? 0 : Math.Max(1, links - remove)) : Math.Min(links, keepAfterRemoval[i]);
            if (keep < links)
            {
                var scores = LinkRemovalScores.For(_plan.Removal, layer.Weight, masks[i]);
                masks[i] = LinkSelection.Keep(masks[i], scores, keep, softRemoval, temperature, generator);
            }
            afterRemoval[i] = keep;
        }

        if (_plan.Percolation)
            _percolation.Apply(masks, evolving);

        var changes = new TopologyLayerChange?[n];
        var predictionTime = TimeSpan.Zero;
        for (int i = 0; i < n; i++)
        {
            if (!evolving[i])
                continue;
            var layer = layers[i];
            var remaining = masks[i];
            long links = MaskOps.Count(remaining);
            long grow = targetLinks[i] - links;
            var grown = remaining;
            if (grow > 0)
            {
                var device = layer.Mask.device;
                var watch = Stopwatch.StartNew();
                Tensor? gradient = null;
                gradients?.TryGetValue(layer, out gradient);
                var scores = LinkScores.Compute(_plan.Predictor, remaining, gradient, _generators.For(device));
                if (device.type == TorchSharp.DeviceType.CUDA)
                    cuda.synchronize(device);
                predictionTime += watch.Elapsed;
                grown = LinkRegrowth.Grow(remaining, scores, grow, _plan.Selection, _generators.For(device));
            }
            var removedMask = before[i].logical_and(remaining.logical_not());
            long removed = MaskOps.Count(removedMask);
            long overlap = MaskOps.Count(removedMask.logical_and_(grown));
            changes[i] = new TopologyLayerChange(removed, pruned[i], afterRemoval[i] - links, Math.Max(grow, 0), overlap);
            layer.SetMask(grown);
        }
        return (changes, predictionTime);
    }
}
