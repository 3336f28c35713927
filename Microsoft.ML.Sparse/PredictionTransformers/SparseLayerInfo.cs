// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse;

/// <summary>Read-only facts about one layer of a trained sparse model.</summary>
public sealed class SparseLayerInfo
{
    internal SparseLayerInfo(string name, int inputSize, int outputSize, int activeInputs, int activeOutputs, long activeLinks, bool isStoredSparse)
    {
        Name = name;
        InputSize = inputSize;
        OutputSize = outputSize;
        ActiveInputs = activeInputs;
        ActiveOutputs = activeOutputs;
        ActiveLinks = activeLinks;
        IsStoredSparse = isStoredSparse;
    }

    /// <summary>Layer name, e.g. "hidden1" or "head".</summary>
    public string Name { get; }

    /// <summary>Inputs of the trained layer.</summary>
    public int InputSize { get; }

    /// <summary>Outputs (neurons) of the trained layer.</summary>
    public int OutputSize { get; }

    /// <summary>Inputs still connected after neurons without links were removed.</summary>
    public int ActiveInputs { get; }

    /// <summary>Outputs (neurons) kept after neurons without links were removed.</summary>
    public int ActiveOutputs { get; }

    /// <summary>Links (non-masked weights) of the layer.</summary>
    public long ActiveLinks { get; }

    /// <summary><see cref="ActiveLinks"/> / (<see cref="InputSize"/> · <see cref="OutputSize"/>).</summary>
    public double Density => InputSize == 0 || OutputSize == 0 ? 0 : (double)ActiveLinks / ((long)InputSize * OutputSize);

    /// <summary>True when the layer's weights are stored and scored as a sparse (CSR) matrix.</summary>
    public bool IsStoredSparse { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Name}: {OutputSize}x{InputSize}, {ActiveLinks} links ({Density:P2}), {ActiveOutputs}/{OutputSize} neurons kept, {(IsStoredSparse ? "sparse" : "dense")}";
}
