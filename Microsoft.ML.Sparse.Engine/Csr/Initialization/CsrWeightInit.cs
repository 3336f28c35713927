// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;
using Microsoft.ML.Sparse.Engine.Core;

namespace Microsoft.ML.Sparse.Engine.Csr.Initialization;

/// <summary>
/// Weight initialisation of sparse layers, one value per link (managed port of <c>SparseWeightInit</c>; only the
/// links are drawn, the dense draw-then-mask of the reference has the same distribution on the links).
/// <list type="bullet">
/// <item>SWI fan-in (paper, ICLR per-layer code): σ = sqrt(2 / (links / rows)), links / rows being the average number of input links per output neuron, i.e. density · columns.</item>
/// <item>SWI fan-out (DST-scheduler code): σ = sqrt(2 / (links / columns)) = sqrt(2 / (density · rows)).</item>
/// <item>Kaiming: σ = sqrt(2 / columns) (dense fan-in). Xavier: uniform(±sqrt(6 / (columns + rows))). UniformFanIn: uniform(±1/sqrt(columns)).</item>
/// </list>
/// </summary>
internal static class CsrWeightInit
{
    /// <summary>Initial weights of the <paramref name="links"/> links of a [rows × columns] layer, in CSR order.</summary>
    /// <param name="kind">Initialisation.</param>
    /// <param name="rows">Output neurons.</param>
    /// <param name="columns">Input neurons.</param>
    /// <param name="links">Number of links (the length of the result).</param>
    /// <param name="random">Source of the draws.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float[] Values(SparseWeightInitialization kind, int rows, int columns, int links, SplitMixRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ManagedSampling.CheckLinks(rows, columns, links);
        var values = new float[links];
        if (kind is SparseWeightInitialization.Xavier or SparseWeightInitialization.UniformFanIn)
        {
            double bound = kind == SparseWeightInitialization.Xavier ? Math.Sqrt(6.0 / ((double)rows + columns)) : 1.0 / Math.Sqrt(columns);
            float limit = (float)bound;
            if (limit > bound)
                limit = MathF.BitDecrement(limit); // keep every float inside the double bound
            for (int k = 0; k < links; k++)
                values[k] = Math.Clamp((float)((2 * random.NextDouble() - 1) * bound), -limit, limit);
        }
        else
        {
            double std = WeightInitScale.StandardDeviation(kind, rows, columns, links);
            for (int k = 0; k < links; k++)
                values[k] = (float)(random.NextGaussian() * std);
        }
        return values;
    }
}
