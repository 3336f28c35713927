// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Core;
using Microsoft.ML.Sparse.Engine.Core.Kernels;

namespace Microsoft.ML.Sparse.Engine.Csr.Initialization;

/// <summary>
/// Builds an initial link pattern with exactly the requested number of links for one layer (managed port of
/// <c>TopologyInitializer</c>, no libtorch).
/// </summary>
internal static class CsrTopologyInitializer
{
    /// <summary>The initial pattern of a [rows × columns] layer.</summary>
    /// <param name="kind">Initialisation.</param>
    /// <param name="rows">Output neurons.</param>
    /// <param name="columns">Input neurons.</param>
    /// <param name="links">Exact number of links.</param>
    /// <param name="options">Supplies <see cref="TopologySettings.BswBeta"/>, <see cref="TopologySettings.BrfRandomness"/> and <see cref="TopologySettings.BrfDegrees"/>.</param>
    /// <param name="inputCorrelation">Row-major [correlationSize × correlationSize] input feature correlation; required by CSTI only.</param>
    /// <param name="correlationSize">Number of input features of <paramref name="inputCorrelation"/>.</param>
    /// <param name="random">Source of the draws.</param>
    /// <exception cref="ArgumentException">CSTI without <paramref name="inputCorrelation"/>.</exception>
    internal static LinkPattern Create(TopologyInitialization kind, int rows, int columns, long links, TopologySettings options,
        float[]? inputCorrelation, int correlationSize, SplitMixRandom random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        return kind switch
        {
            TopologyInitialization.ErdosRenyi => CsrErdosRenyi.Create(rows, columns, links, random),
            TopologyInitialization.BipartiteSmallWorld => CsrBipartiteSmallWorld.Create(rows, columns, links, options.BswBeta, random),
            TopologyInitialization.BipartiteReceptiveField => CsrBipartiteReceptiveField.Create(rows, columns, links, options.BrfRandomness, options.BrfDegrees, random),
            TopologyInitialization.Correlated => CsrCorrelatedTopology.Create(rows, columns, links,
                inputCorrelation ?? throw new ArgumentException(
                    "TopologyInitialization.Correlated (CSTI) needs the input feature correlation matrix: pass it to InitializeTopology, or choose another initialisation.",
                    nameof(inputCorrelation)), correlationSize),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown topology initialisation."),
        };
    }
}
