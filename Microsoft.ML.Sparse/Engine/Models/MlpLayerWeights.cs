using System.Globalization;
using Microsoft.ML.Sparse.Engine.Managed;

namespace Microsoft.ML.Sparse.Engine.Models;

/// <summary>
/// One trained layer as <see cref="MlpExporter"/> reads it: the CSR links, one weight per link (CSR order) and one bias
/// per row. Built from the managed engine's layers directly, or from a TorchSharp masked layer.
/// </summary>
internal sealed record MlpLayerWeights
{
    /// <summary>Checks sizes and that every weight and bias is finite (a diverged model cannot be exported).</summary>
    public MlpLayerWeights(string name, LinkPattern pattern, float[] values, float[] bias)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(bias);
        if (values.Length != pattern.LinkCount || bias.Length != pattern.Rows)
            throw new ArgumentException($"Layer '{name}' has {pattern.LinkCount} links and {pattern.Rows} rows but {values.Length} weights and {bias.Length} biases.");
        for (int r = 0; r < pattern.Rows; r++)
            for (int k = pattern.RowPointers[r]; k < pattern.RowPointers[r + 1]; k++)
                if (!float.IsFinite(values[k]))
                    throw new ArgumentException($"Layer '{name}' has a non-finite weight ({values[k].ToString(CultureInfo.InvariantCulture)}) at row {r}, column {pattern.ColumnIndices[k]}; the model diverged.", "layers");
        for (int k = 0; k < bias.Length; k++)
            if (!float.IsFinite(bias[k]))
                throw new ArgumentException($"Layer '{name}' has a non-finite bias ({bias[k].ToString(CultureInfo.InvariantCulture)}) at output {k}; the model diverged.", "layers");
        Name = name;
        Pattern = pattern;
        Values = values;
        Bias = bias;
    }

    /// <summary>Layer name.</summary>
    public string Name { get; }

    /// <summary>The links.</summary>
    public LinkPattern Pattern { get; }

    /// <summary>One weight per link.</summary>
    public float[] Values { get; }

    /// <summary>One bias per row.</summary>
    public float[] Bias { get; }

    /// <summary>Output neurons.</summary>
    public int Out => Pattern.Rows;

    /// <summary>Input neurons.</summary>
    public int In => Pattern.Columns;

    /// <summary>The weight at (row, column), 0 when there is no link.</summary>
    public float WeightAt(int row, int column)
    {
        int start = Pattern.RowPointers[row], end = Pattern.RowPointers[row + 1];
        int k = end > start ? Array.BinarySearch(Pattern.ColumnIndices, start, end - start, column) : -1;
        return k >= 0 ? Values[k] : 0f;
    }
}
