// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse;

/// <summary>Optimizer of the sparse trainers. Its state (momentum, Adam moments) is masked with the weights.</summary>
public enum SparseOptimizer
{
    /// <summary>SGD with heavy-ball momentum (<c>SparseTrainerOptionsBase.Momentum</c>) and L2 weight decay: the paper's MLP setting.</summary>
    Sgd,

    /// <summary>Adam (<c>SparseTrainerOptionsBase.AdamBeta1</c>, <c>SparseTrainerOptionsBase.AdamBeta2</c>) with L2 weight decay added to the gradient: the paper's Transformer setting.</summary>
    Adam,

    /// <summary>AdamW: Adam with decoupled weight decay.</summary>
    AdamW,
}
