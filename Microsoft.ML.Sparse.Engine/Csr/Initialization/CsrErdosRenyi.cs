// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Core.Kernels;

namespace Microsoft.ML.Sparse.Engine.Csr.Initialization;

/// <summary>
/// Erdős–Rényi initialisation (managed port of <c>ErdosRenyiTopology</c>): exactly <c>links</c> positions chosen
/// uniformly at random. Never allocates rows · columns scratch: the positions are sampled as distinct flat indices
/// (<see cref="ManagedSampling.Distinct"/>).
/// </summary>
internal static class CsrErdosRenyi
{
    /// <summary>A uniformly random pattern of exactly <paramref name="links"/> links in a [rows × columns] layer.</summary>
    public static LinkPattern Create(int rows, int columns, long links, SplitMixRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        int count = ManagedSampling.CheckLinks(rows, columns, links);
        var flat = ManagedSampling.Distinct((long)rows * columns, count, random);
        return ManagedSampling.ToPattern(rows, columns, flat);
    }
}
