// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Buffers;
using System.Globalization;
using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Inference;
using Microsoft.ML.Sparse.Persistence;

namespace Microsoft.ML.Sparse.Scoring;

/// <summary>
/// Scores a known-size Single vector with a managed <see cref="SparseMlpInferenceModel"/> (CSR/dense SIMD kernels).
/// Never touches TorchSharp, so saved models load and score in apps without the native libtorch. Thread-safe.
/// </summary>
internal sealed class MlpScorer : SparseScorer<VBuffer<float>>
{
    private readonly SparseModelInfo _info;

    /// <summary>Wraps a model.</summary>
    public MlpScorer(SparseMlpInferenceModel model)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        InputType = new VectorDataViewType(NumberDataViewType.Single, model.InputSize);
        _info = DescribeModel(model);
    }

    /// <summary>The managed model.</summary>
    public SparseMlpInferenceModel Model { get; }

    /// <inheritdoc/>
    public override SparseScorerKind Kind => SparseScorerKind.Mlp;

    /// <inheritdoc/>
    public override DataViewType InputType { get; }

    /// <inheritdoc/>
    public override int OutputSize => Model.OutputSize;

    /// <inheritdoc/>
    public override SparseModelInfo Info => _info;

    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> naming the column, the row, the slot and the fix when a feature is
    /// NaN or infinite: the network would turn it into NaN scores and no label (a silent wrong answer).
    /// </summary>
    public override void Validate(in VBuffer<float> input, DataViewSchema.Column column, long row)
    {
        var values = input.GetValues();
        int at = FiniteValues.IndexOfNonFinite(values);
        if (at < 0)
            return;
        int slot = input.IsDense ? at : input.GetIndices()[at];
        throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture,
            "Row {0}, slot {1} of feature column '{2}' is {3}; the sparse model scores finite features only (NaN or infinity would give NaN " +
            "scores and no label). Replace missing values before scoring (e.g. mlContext.Transforms.ReplaceMissingValues) or remove those rows.",
            row, slot, column.Name, values[at]));
    }

    /// <inheritdoc/>
    public override void Score(in VBuffer<float> input, Span<float> outputs)
    {
        if (input.Length != Model.InputSize)
            throw new InvalidOperationException($"The model expects feature vectors of length {Model.InputSize}, got {input.Length}.");
        if (input.IsDense)
        {
            Model.Score(input.GetValues(), outputs);
            return;
        }
        float[] dense = ArrayPool<float>.Shared.Rent(Model.InputSize);
        try
        {
            var x = dense.AsSpan(0, Model.InputSize);
            x.Clear();
            var values = input.GetValues();
            var indices = input.GetIndices();
            for (int i = 0; i < values.Length; i++)
                x[indices[i]] = values[i];
            Model.Score(x, outputs);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(dense);
        }
    }

    /// <inheritdoc/>
    public override void Save(BinaryWriter writer) => SparseMlpModelSerializer.Write(writer, Model);

    /// <summary>Reads a scorer written by <see cref="Save"/>; throws <see cref="InvalidDataException"/> when corrupt.</summary>
    public static MlpScorer Load(BinaryReader reader) => new(SparseMlpModelSerializer.Read(reader));

    private static SparseModelInfo DescribeModel(SparseMlpInferenceModel model)
    {
        var trained = model.TrainedLayers.ToArray();
        var layers = trained
            .Select(l => new SparseLayerInfo(l.Name, l.OriginalInputSize, l.OriginalOutputSize, l.InputSize, l.OutputSize, l.ActiveLinks, l.Kind == InferenceLayerKind.Csr))
            .ToArray();
        string sizes = string.Join("-", new[] { trained[0].OriginalInputSize }.Concat(trained.Select(l => l.OriginalOutputSize)));
        if (model.EncodingLayerCount > 0)
            sizes += $" (on {model.InputSize} features, piecewise-linear encoded into {trained[0].OriginalInputSize})";
        return new SparseModelInfo($"MLP {sizes}", model.InputSize, model.OutputSize, layers, model.OriginalHiddenNeurons, model.ActiveHiddenNeurons);
    }
}
