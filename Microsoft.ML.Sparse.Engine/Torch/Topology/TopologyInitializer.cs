// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Core;

namespace Microsoft.ML.Sparse.Engine.Torch.Topology;

/// <summary>Builds an initial mask with exactly the requested number of links for one layer.</summary>
internal static class TopologyInitializer
{
    public static Tensor Create(TopologyInitialization kind, long rows, long columns, long links, TopologySettings options,
        Tensor? inputCorrelation, Device device, Generator generator) => kind switch
    {
        TopologyInitialization.ErdosRenyi => ErdosRenyiTopology.Create(rows, columns, links, device, generator),
        TopologyInitialization.BipartiteSmallWorld => BipartiteSmallWorldTopology.Create(rows, columns, links, options.BswBeta, device, generator),
        TopologyInitialization.BipartiteReceptiveField => BipartiteReceptiveFieldTopology.Create(rows, columns, links, options.BrfRandomness, options.BrfDegrees, device, generator),
        TopologyInitialization.Correlated => CorrelatedTopology.Create(rows, columns, links,
            inputCorrelation ?? throw new ArgumentException(
                "TopologyInitialization.Correlated (CSTI) needs the input feature correlation matrix: pass it to InitializeTopology, or choose another initialisation.",
                nameof(inputCorrelation)), device),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown topology initialisation."),
    };
}
