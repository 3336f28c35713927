// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse;

/// <summary>How the weights of sparse layers are initialised (before masking).</summary>
public enum SparseWeightInitialization
{
    /// <summary>
    /// Sparse weight initialisation with the effective fan-in (paper default): w ~ N(0, 2 / (density · in)),
    /// where density · in is the average number of input links of an output neuron.
    /// </summary>
    SwiFanIn,

    /// <summary>
    /// Sparse weight initialisation with the effective fan-out: w ~ N(0, 2 / (density · out)). This is what the
    /// released DST-scheduler code computes; it equals <see cref="SwiFanIn"/> for square layers.
    /// </summary>
    SwiFanOut,

    /// <summary>Kaiming normal with the dense fan-in: w ~ N(0, 2 / in), then masked without rescaling.</summary>
    Kaiming,

    /// <summary>Xavier (Glorot) uniform with the dense fans, then masked without rescaling (the Transformer code's default).</summary>
    Xavier,

    /// <summary>
    /// PyTorch's default for <c>nn.Linear</c> (Kaiming uniform with a = √5): w ~ U(±1/√in) with the dense fan-in, then
    /// masked. The official code's fully connected baseline keeps this initialisation; the paper preset uses it for the
    /// dense MLP so that our dense baseline is the paper's FC.
    /// </summary>
    UniformFanIn,
}
