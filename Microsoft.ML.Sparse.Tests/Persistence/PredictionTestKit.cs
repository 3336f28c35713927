// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Inference;
using Microsoft.ML.Sparse.Scoring;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse.Tests.Persistence;

/// <summary>Hand-set models and small data sets whose predictions are known exactly.</summary>
internal static class PredictionTestKit
{
    public const int FeatureCount = 4;

    public sealed class Row
    {
        [VectorType(FeatureCount)]
        public float[] Features { get; set; } = Array.Empty<float>();

        public string Label { get; set; } = "";

        public bool IsPositive { get; set; }

        public float Target { get; set; }
    }

    public sealed class MulticlassPrediction
    {
        public uint PredictedLabel { get; set; }

        public float[] Score { get; set; } = Array.Empty<float>();
    }

    /// <summary>
    /// 4 → 3 (CSR, ReLU) → 3 (dense, identity): hidden_i = relu(x_i) for i &lt; 3 and the head copies them, so the
    /// logits are relu(x_0..x_2) + bias (0.5, 0, 0). Input 3 is unused.
    /// </summary>
    public static SparseMlpInferenceModel ThreeClassModel()
    {
        var hidden = CsrMatrix.Create(3, FeatureCount, new[] { 0, 1, 2, 3 }, new[] { 0, 1, 2 }, new[] { 1f, 1f, 1f });
        var head = new DenseMatrix(3, 3, new float[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 });
        return new SparseMlpInferenceModel(new[]
        {
            new InferenceLayer("hidden1", hidden, new float[3], MlpActivation.Relu, FeatureCount, 3),
            new InferenceLayer("head", head, 9, new[] { 0.5f, 0f, 0f }, MlpActivation.Identity, 3, 3),
        });
    }

    /// <summary>Logits of <see cref="ThreeClassModel"/> computed by hand.</summary>
    public static float[] ThreeClassLogits(float[] x) => new[] { Math.Max(0, x[0]) + 0.5f, Math.Max(0, x[1]), Math.Max(0, x[2]) };

    /// <summary>4 → 1: logit = 2·x_0 − x_1 + 0.25 (CSR).</summary>
    public static SparseMlpInferenceModel OneOutputModel() => new(new[]
    {
        new InferenceLayer("head", CsrMatrix.Create(1, FeatureCount, new[] { 0, 2 }, new[] { 0, 1 }, new[] { 2f, -1f }), new[] { 0.25f }, MlpActivation.Identity, FeatureCount, 1),
    });

    public static float OneOutputLogit(float[] x) => 2 * x[0] - x[1] + 0.25f;

    public static readonly string[] ClassNames = { "cat", "dog", "bird" };

    /// <summary>Rows with labels; predictions of <see cref="ThreeClassModel"/> are right on rows 0-4 and wrong on row 5.</summary>
    public static List<Row> Rows() => new()
    {
        new() { Features = new[] { 3f, 0f, 0f, 9f }, Label = "cat", IsPositive = true, Target = 1.5f },
        new() { Features = new[] { 0f, 2f, 1f, 9f }, Label = "dog", IsPositive = false, Target = -1f },
        new() { Features = new[] { 0f, 1f, 4f, 9f }, Label = "bird", IsPositive = false, Target = 0f },
        new() { Features = new[] { 1f, 0f, -2f, 9f }, Label = "cat", IsPositive = true, Target = 2f },
        new() { Features = new[] { -1f, 5f, 0f, 9f }, Label = "dog", IsPositive = false, Target = -4f },
        new() { Features = new[] { 0f, 3f, 0f, 9f }, Label = "bird", IsPositive = true, Target = 0.5f },
    };

    /// <summary>The rows as a data view with the label mapped to a key in the order cat, dog, bird.</summary>
    public static IDataView KeyedData(MLContext ml, out DataViewSchema.Column label) => KeyedData(ml, Rows(), out label);

    /// <summary><paramref name="rows"/> as a data view with the label mapped to a key in the order cat, dog, bird.</summary>
    public static IDataView KeyedData(MLContext ml, IEnumerable<Row> rows, out DataViewSchema.Column label)
    {
        var raw = ml.Data.LoadFromEnumerable(rows);
        var keys = ml.Data.LoadFromEnumerable(ClassNames.Select(n => new KeyRow { Label = n }));
        var keyed = ml.Transforms.Conversion.MapValueToKey("Label", keyData: keys).Fit(raw).Transform(raw);
        label = keyed.Schema["Label"];
        return keyed;
    }

    private sealed class KeyRow
    {
        public string Label { get; set; } = "";
    }

    public static SparseMulticlassPredictionTransformer Multiclass(MLContext ml)
    {
        KeyedData(ml, out var label);
        return SparsePredictionTransformerFactory.CreateMulticlass(ml, new MlpScorer(ThreeClassModel()), "Features", label);
    }

    public static float[] Softmax(float[] logits)
    {
        double max = logits.Max();
        var e = logits.Select(v => Math.Exp(v - max)).ToArray();
        double sum = e.Sum();
        return e.Select(v => (float)(v / sum)).ToArray();
    }
}
