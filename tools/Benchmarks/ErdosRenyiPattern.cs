// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Core.Kernels;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>Erdős–Rényi link patterns with an exact link count, for the link-prediction benchmarks.</summary>
internal static class ErdosRenyiPattern
{
    /// <summary>round(density · rows · columns) distinct positions drawn uniformly.</summary>
    public static LinkPattern Create(int rows, int columns, double density, Random random)
    {
        long total = (long)rows * columns;
        int links = (int)Math.Round(density * total);
        var chosen = new HashSet<long>();
        while (chosen.Count < links)
            chosen.Add(random.NextInt64(total));
        return LinkPattern.FromFlatIndices(rows, columns, chosen.ToArray());
    }
}
