// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using System.Runtime.CompilerServices;
namespace Microsoft.ML.Sparse.Inference;

/// <summary>
/// One fully-connected layer of a <see cref="SparseMlpInferenceModel"/>: y = act(W·x + b), with W stored either as
/// CSR (<see cref="InferenceLayerKind.Csr"/>) or dense. It also records the layer's size in the trained architecture
/// (before neurons without links were removed) so that density and active-neuron counts can be reported.
/// </summary>
internal sealed class InferenceLayer
{
    private readonly float[] _bias;

    /// <summary>Creates a CSR layer.</summary>
    public InferenceLayer(string name, CsrMatrix weights, float[] bias, MlpActivation activation, int originalInputSize, int originalOutputSize)
        : this(name, InferenceLayerKind.Csr, weights.Rows, weights.Columns, weights.NonZeroCount, bias, activation, originalInputSize, originalOutputSize)
    {
        Csr = weights;
    }

    /// <summary>Creates a dense layer; <paramref name="activeLinks"/> counts the links of the trained mask it came from.</summary>
    public InferenceLayer(string name, DenseMatrix weights, long activeLinks, float[] bias, MlpActivation activation, int originalInputSize, int originalOutputSize)
        : this(name, InferenceLayerKind.Dense, weights.Rows, weights.Columns, activeLinks, bias, activation, originalInputSize, originalOutputSize)
    {
        Dense = weights;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private InferenceLayer(string name, InferenceLayerKind kind, int rows, int columns, long activeLinks, float[] bias, MlpActivation activation,
        int originalInputSize, int originalOutputSize)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(bias);
        if (!Enum.IsDefined(activation))
            throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        if (bias.Length != rows)
            throw new ArgumentException($"Layer '{name}' has {rows} outputs but {bias.Length} bias values.", nameof(bias));
        for (int i = 0; i < bias.Length; i++)
            if (!float.IsFinite(bias[i]))
                throw new ArgumentException($"Bias {i} of layer '{name}' is {bias[i].ToString(CultureInfo.InvariantCulture)}; biases must be finite.", nameof(bias));
        if (activeLinks < 0 || activeLinks > (long)rows * columns)
            throw new ArgumentOutOfRangeException(nameof(activeLinks), activeLinks, $"Layer '{name}' ({rows}x{columns}) cannot have {activeLinks} links.");
        if (originalInputSize < columns || originalOutputSize < rows)
            throw new ArgumentException($"Layer '{name}' is {rows}x{columns}, larger than its trained size {originalOutputSize}x{originalInputSize}.");
        Name = name;
        Kind = kind;
        OutputSize = rows;
        InputSize = columns;
        ActiveLinks = activeLinks;
        _bias = bias;
        Activation = activation;
        OriginalInputSize = originalInputSize;
        OriginalOutputSize = originalOutputSize;
    }

    /// <summary>Layer name (e.g. "hidden1", "head").</summary>
    public string Name { get; }

    /// <summary>Storage kind.</summary>
    public InferenceLayerKind Kind { get; }

    /// <summary>Number of inputs (columns of W) after removal of dead neurons.</summary>
    public int InputSize { get; }

    /// <summary>Number of outputs (rows of W) after removal of dead neurons.</summary>
    public int OutputSize { get; }

    /// <summary>Inputs of the trained layer.</summary>
    public int OriginalInputSize { get; }

    /// <summary>Outputs of the trained layer.</summary>
    public int OriginalOutputSize { get; }

    /// <summary>Links that carry a trained weight (stored CSR entries, or mask-true entries of a dense layer).</summary>
    public long ActiveLinks { get; }

    /// <summary>The activation applied to the outputs.</summary>
    public MlpActivation Activation { get; }

    /// <summary>The bias, one value per output.</summary>
    public ReadOnlySpan<float> Bias => _bias;

    /// <summary>The CSR weights (null for dense layers).</summary>
    public CsrMatrix? Csr { get; }

    /// <summary>The dense weights (null for CSR layers).</summary>
    public DenseMatrix? Dense { get; }

    /// <summary>Computes y = act(W·x + b).</summary>
    public void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        if (Csr != null)
            CsrKernels.MultiplyAdd(Csr, x, _bias, y);
        else
            DenseKernels.MultiplyAdd(Dense!, x, _bias, y);
        Activations.ApplyInPlace(Activation, y);
    }

    /// <summary>The same layer with dense storage (absent links become 0 weights).</summary>
    public InferenceLayer ToDense() => Dense != null
        ? this
        : new InferenceLayer(Name, new DenseMatrix(OutputSize, InputSize, Csr!.ToDense()), ActiveLinks, _bias, Activation, OriginalInputSize, OriginalOutputSize);
}
