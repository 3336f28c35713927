// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Core.Schedules;

/// <summary>The curve a density decay follows from the start to the final sparsity (<see cref="DensitySchedule"/>).</summary>
internal enum DensityDecayShape
{
    /// <summary>CHTss: the normalised sigmoid 1/2 + tanh(k(2u − 1)/2) / (2 tanh(k/2)).</summary>
    Sigmoid,

    /// <summary>GMP and GraNet (Zhu &amp; Gupta 2017): 1 − (1 − u)³, fast at first and flat at the end.</summary>
    Cubic,
}
