// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;
using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Core.Kernels;

namespace Microsoft.ML.Sparse.Engine.Csr.Topology;

/// <summary>
/// One topology-evolution round over the CSR layers of an MLP, in the order of <c>Torch.TopologyRound</c> (docs/chts-specification.md §2):
/// prune every evolving layer to its target if it holds more (density decay: hard, by relative importance for CHTss and
/// weight magnitude for GMP/GraNet), remove ⌊nnz·ζ⌋ links by the removal criterion, percolate inactive neurons over
/// the chain, regrow to exactly the target.
/// Kept links keep their weights and optimizer moments; regrown links start at 0 with zero moments. Nothing here forms
/// a rows × columns matrix except RigL's dense gradient.
/// </summary>
internal sealed class CsrTopologyRound
{
    private readonly EvolutionPlan _plan;
    private readonly int _threads;

    /// <param name="plan">What the method does.</param>
    /// <param name="threads">Threads for link prediction.</param>
    public CsrTopologyRound(EvolutionPlan plan, int threads)
    {
        _plan = plan;
        _threads = Math.Max(1, threads);
    }

    /// <summary>Runs the round on <paramref name="layers"/> (changed in place).</summary>
    /// <param name="layers">All layers, input first.</param>
    /// <param name="evolving">Which layers evolve now.</param>
    /// <param name="targets">Target link count per layer.</param>
    /// <param name="zeta">Fraction of links removed.</param>
    /// <param name="temperature">Soft-removal temperature.</param>
    /// <param name="denseGradient">Dense gradient of layer i at this step (RigL), or null.</param>
    /// <param name="random">Draws of this round.</param>
    /// <param name="keepAfterRemoval">Links each layer keeps after removal, in place of ⌊links·ζ⌋ removed (a density surplus), or null.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (TopologyLayerChange?[] Changes, TimeSpan LinkPredictionTime) Run(IReadOnlyList<CsrTrainingLayer> layers, bool[] evolving,
        long[] targets, double zeta, double temperature, Func<int, float[]>? denseGradient, SplitMixRandom random, long[]? keepAfterRemoval = null)
    {
        int n = layers.Count;
        var before = layers.Select(l => l.Pattern).ToArray();
        var alive = layers.Select(l => Enumerable.Repeat(true, l.LinkCount).ToArray()).ToArray();
        var pruned = new long[n];
        var afterRemoval = new long[n];
        bool soft = RemovalRule.IsSoft(_plan.Removal);
        for (int i = 0; i < n; i++)
        {
            if (!evolving[i])
                continue;
            var layer = layers[i];
            int links = layer.LinkCount;
            if (_plan.DensityDecay && links > targets[i])
            {
                bool ri = IsRelativeImportance(_plan.Pruning);
                CsrLinkRemoval.Keep(alive[i], CsrLinkRemoval.Scores(layer, alive[i], ri), (int)targets[i], soft: false, temperature, random);
                pruned[i] = links - targets[i];
                links = (int)targets[i];
            }
            int remove = (int)Math.Floor(links * zeta);
            int keep = keepAfterRemoval is null ? (links == 0 ? 0 : Math.Max(1, links - remove)) : (int)Math.Min(links, keepAfterRemoval[i]);
            if (keep < links)
                CsrLinkRemoval.Keep(alive[i], CsrLinkRemoval.Scores(layer, alive[i], IsRelativeImportance(_plan.Removal)), keep, soft, temperature, random);
            afterRemoval[i] = keep;
        }

        if (_plan.Percolation)
            CsrNeuronPercolation.Apply(before, alive, evolving);

        var changes = new TopologyLayerChange?[n];
        var predictionTime = TimeSpan.Zero;
        for (int i = 0; i < n; i++)
        {
            if (!evolving[i])
                continue;
            var layer = layers[i];
            var (remaining, kept) = Subset(before[i], alive[i]);
            int grow = (int)Math.Max(0, targets[i] - remaining.LinkCount);
            int index = i;
            var added = CsrLinkRegrowth.Choose(remaining, grow, _plan.Predictor, _plan.Selection,
                denseGradient is null ? null : () => denseGradient(index), _threads, random, out var time);
            predictionTime += time;
            long overlap = added.Count(before[i].Contains);
            Install(layer, remaining, kept, added);
            long removed = before[i].LinkCount - remaining.LinkCount;
            changes[i] = new TopologyLayerChange(removed, pruned[i], afterRemoval[i] - remaining.LinkCount, grow, overlap);
        }
        return (changes, predictionTime);
    }

    private static bool IsRelativeImportance(LinkRemoval removal) => removal is LinkRemoval.RelativeImportance or LinkRemoval.RelativeImportanceSoft;

    /// <summary>The alive links as a pattern, and for each of them its index in <paramref name="pattern"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (LinkPattern Pattern, int[] Source) Subset(LinkPattern pattern, bool[] alive)
    {
        var pointers = new int[pattern.Rows + 1];
        var columns = new List<int>(pattern.LinkCount);
        var source = new List<int>(pattern.LinkCount);
        for (int r = 0; r < pattern.Rows; r++)
        {
            for (int k = pattern.RowPointers[r]; k < pattern.RowPointers[r + 1]; k++)
            {
                if (!alive[k])
                    continue;
                columns.Add(pattern.ColumnIndices[k]);
                source.Add(k);
            }
            pointers[r + 1] = columns.Count;
        }
        return (new LinkPattern(pattern.Rows, pattern.Columns, pointers, columns.ToArray()), source.ToArray());
    }

    /// <summary>Writes remaining ∪ added into the layer, carrying weights and moments of kept links (new ones are 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Install(CsrTrainingLayer layer, LinkPattern remaining, int[] kept, long[] added)
    {
        var sortedAdded = (long[])added.Clone();
        Array.Sort(sortedAdded);
        int total = remaining.LinkCount + sortedAdded.Length, rows = remaining.Rows, columns = remaining.Columns;
        var pointers = new int[rows + 1];
        var newColumns = new int[total];
        var values = new float[total];
        float[]? m1 = layer.Moment1 is null ? null : new float[total], m2 = layer.Moment2 is null ? null : new float[total];
        int a = 0, o = 0;
        for (int r = 0; r < rows; r++)
        {
            int k = remaining.RowPointers[r], kEnd = remaining.RowPointers[r + 1];
            while (k < kEnd || (a < sortedAdded.Length && sortedAdded[a] / columns == r))
            {
                bool takeAdded = a < sortedAdded.Length && sortedAdded[a] / columns == r
                    && (k >= kEnd || sortedAdded[a] % columns < remaining.ColumnIndices[k]);
                if (takeAdded)
                {
                    newColumns[o++] = (int)(sortedAdded[a++] % columns);
                    continue;
                }
                int source = kept[k];
                newColumns[o] = remaining.ColumnIndices[k++];
                values[o] = layer.Values[source];
                if (m1 != null)
                    m1[o] = layer.Moment1![source];
                if (m2 != null)
                    m2[o] = layer.Moment2![source];
                o++;
            }
            pointers[r + 1] = o;
        }
        layer.Replace(new LinkPattern(rows, columns, pointers, newColumns), values, m1, m2);
    }
}
