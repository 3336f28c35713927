// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using Microsoft.ML.Sparse.Engine.Core.Kernels;

namespace Microsoft.ML.Sparse.Engine.Networks;

/// <summary>
/// The trained parameters of one sparse layer in CSR form, as <see cref="MlpExporter"/> reads them: the links
/// (<paramref name="Pattern"/>, rows = outputs, columns = inputs), one weight per link in CSR order
/// (<paramref name="Values"/>) and one bias per row (<paramref name="Bias"/>). The arrays are not copied; the exporter
/// never writes to them. Construction checks the lengths and that every weight and bias is finite (a non-finite value
/// means the model diverged).
/// </summary>
/// <param name="Name">Layer name (e.g. "hidden1", "head"), used in the exported model and in error messages.</param>
/// <param name="Pattern">The links of the [rows = outputs × columns = inputs] layer.</param>
/// <param name="Values">The weight of every link, in CSR order (length <see cref="LinkPattern.LinkCount"/>).</param>
/// <param name="Bias">One bias per output (length <see cref="LinkPattern.Rows"/>).</param>
internal sealed record MlpLayerWeights(string Name, LinkPattern Pattern, float[] Values, float[] Bias)
{
    /// <summary>Layer name (e.g. "hidden1", "head").</summary>
    public string Name { get; } = Name ?? throw new ArgumentNullException(nameof(Name));

    /// <summary>The links of the layer (rows = outputs, columns = inputs).</summary>
    public LinkPattern Pattern { get; } = Pattern ?? throw new ArgumentNullException(nameof(Pattern));

    /// <summary>The weight of every link, in CSR order.</summary>
    public float[] Values { get; } = CheckValues(Name, Pattern, Values);

    /// <summary>One bias per output.</summary>
    public float[] Bias { get; } = CheckBias(Name, Pattern, Bias);

    /// <summary>Output neurons (rows).</summary>
    public int Outputs => Pattern.Rows;

    /// <summary>Input neurons (columns).</summary>
    public int Inputs => Pattern.Columns;

    private static float[] CheckValues(string name, LinkPattern pattern, float[] values)
    {
        // The initializers run in declaration order: name and pattern are already checked.
        ArgumentNullException.ThrowIfNull(values, nameof(Values));
        if (values.Length != pattern.LinkCount)
            throw new ArgumentException($"Layer '{name}' has {pattern.LinkCount} links but {values.Length} weights.", nameof(Values));
        for (int r = 0; r < pattern.Rows; r++)
            for (int k = pattern.RowPointers[r]; k < pattern.RowPointers[r + 1]; k++)
                if (!float.IsFinite(values[k]))
                    throw new ArgumentException($"Layer '{name}' has a non-finite weight ({values[k].ToString(CultureInfo.InvariantCulture)}) at row {r}, column {pattern.ColumnIndices[k]}; the model diverged.", nameof(Values));
        return values;
    }

    private static float[] CheckBias(string name, LinkPattern pattern, float[] bias)
    {
        ArgumentNullException.ThrowIfNull(bias, nameof(Bias));
        if (bias.Length != pattern.Rows)
            throw new ArgumentException($"Layer '{name}' has {pattern.Rows} outputs but {bias.Length} bias values.", nameof(Bias));
        for (int k = 0; k < bias.Length; k++)
            if (!float.IsFinite(bias[k]))
                throw new ArgumentException($"Layer '{name}' has a non-finite bias ({bias[k].ToString(CultureInfo.InvariantCulture)}) at output {k}; the model diverged.", nameof(Bias));
        return bias;
    }
}
