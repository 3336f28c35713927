// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse;

/// <summary>Unit of <c>SparseTopologyOptions.UpdateInterval</c>.</summary>
public enum UpdateIntervalUnit
{
    /// <summary>Optimizer steps (the Transformer and LLaMA setups use 100 steps).</summary>
    Steps,

    /// <summary>Epochs (the MLP setup evolves the topology once per epoch).</summary>
    Epochs,
}
