// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Inference;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse.Mlp;

/// <summary>
/// The piecewise-linear encoding of <see cref="FeatureEncoding.PiecewiseLinear"/>, learned from the training rows and
/// held as a fixed CSR layer: one row per encoded input, one link to its feature (weight 1/(bₜ − bₜ₋₁), bias
/// −bₜ₋₁/(bₜ − bₜ₋₁)) and the activation <see cref="MlpActivation.Clamp01"/>. Training encodes its rows with that
/// very layer and the saved model starts with it, so training and scoring compute the same floats.
/// </summary>
internal sealed class PiecewiseLinearEncoding
{
    /// <summary>Name of the encoding layer in the saved model.</summary>
    public const string LayerName = "input-encoding";

    private PiecewiseLinearEncoding(InferenceLayer layer) => Layer = layer;

    /// <summary>The fixed first layer (features in, encoded inputs out).</summary>
    public InferenceLayer Layer { get; }

    /// <summary>
    /// Learns the bins of every feature of <paramref name="data"/>: the distinct values among the quantiles
    /// 0, 1/<paramref name="bins"/>, …, 1 of its training values. A feature with two distinct values becomes one input
    /// scaled to [0, 1]; a constant feature is left out (it carries nothing). Null when every feature is constant.
    /// </summary>
    public static PiecewiseLinearEncoding? Fit(TrainingData data, int bins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        int rows = data.RowCount, features = data.FeatureCount;
        var rowPointers = new List<int> { 0 };
        var columns = new List<int>();
        var weights = new List<float>();
        var bias = new List<float>();
        var column = new float[rows];
        for (int j = 0; j < features; j++)
        {
            for (int r = 0; r < rows; r++)
                column[r] = data.Features[(r * features) + j];
            Array.Sort(column);
            var edges = Edges(column, bins);
            for (int t = 1; t < edges.Count; t++)
            {
                double low = edges[t - 1], width = edges[t] - (double)edges[t - 1];
                columns.Add(j);
                weights.Add((float)(1.0 / width));
                bias.Add((float)(-low / width));
                rowPointers.Add(columns.Count);
            }
        }
        if (columns.Count == 0)
            return null;
        int encoded = rowPointers.Count - 1;
        var matrix = CsrMatrix.Create(encoded, features, rowPointers.ToArray(), columns.ToArray(), weights.ToArray());
        return new PiecewiseLinearEncoding(new InferenceLayer(LayerName, matrix, bias.ToArray(), MlpActivation.Clamp01, features, encoded));
    }

    /// <summary>The rows of <paramref name="data"/> with encoded features (labels, classes and columns unchanged).</summary>
    public TrainingData Encode(TrainingData data)
    {
        if (data.FeatureCount != Layer.InputSize)
            throw new ArgumentException($"The encoding was learned on {Layer.InputSize} features; these rows have {data.FeatureCount}.", nameof(data));
        int encoded = Layer.OutputSize;
        var features = new float[(long)data.RowCount * encoded];
        for (int r = 0; r < data.RowCount; r++)
            Layer.Forward(data.Row(r), features.AsSpan(r * encoded, encoded));
        return new TrainingData(data.InputColumn, data.LabelColumn, data.Kind, data.RowCount, encoded, features, data.Texts,
            data.ClassIndices, data.Targets, data.ClassCount);
    }

    /// <summary><paramref name="model"/> (trained on encoded inputs) behind the encoding layer: a model of the raw features.</summary>
    public SparseMlpInferenceModel Prepend(SparseMlpInferenceModel model) =>
        new(new[] { Layer }.Concat(model.Layers).ToArray());

    private static List<float> Edges(float[] sorted, int bins)
    {
        var edges = new List<float>(bins + 1);
        for (int q = 0; q <= bins; q++)
        {
            float edge = sorted[(int)((long)q * (sorted.Length - 1) / bins)];
            if (edges.Count == 0 || edge > edges[^1])
                edges.Add(edge);
        }
        return edges;
    }
}
