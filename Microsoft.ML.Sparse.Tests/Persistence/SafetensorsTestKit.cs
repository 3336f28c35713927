// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Inference;
using Microsoft.ML.Sparse.Scoring;
using Microsoft.ML.Sparse.Tests.Inference;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse.Tests.Persistence;

/// <summary>Sparse MLPs with every feature the safetensors layout must carry, and their scores.</summary>
internal static class SafetensorsTestKit
{
    internal sealed class Row
    {
        [VectorType(6)] public float[] Features { get; set; } = new float[6];
    }

    /// <summary>
    /// A 6-feature, 3-class network: a clamp01 input encoding (6 -> 10), two sparse ReLU layers whose trained widths (24, 16)
    /// are larger than the kept ones (20, 12: dropped neurons), and a dense output layer.
    /// </summary>
    public static SparseMlpInferenceModel NetworkWithEncodingAndDroppedNeurons(int seed)
    {
        var random = new Random(seed);
        InferenceLayer Sparse(string name, int rows, int columns, double density, MlpActivation activation, int originalIn, int originalOut) =>
            new(name, CsrKernelTests.RandomCsr(random, rows, columns, density), CsrKernelTests.RandomVector(random, rows), activation, originalIn, originalOut);
        return new SparseMlpInferenceModel(
        [
            Sparse("encoding", 10, 6, 0.4, MlpActivation.Clamp01, 6, 10),
            Sparse("hidden1", 20, 10, 0.3, MlpActivation.Relu, 10, 24),
            Sparse("hidden2", 12, 20, 0.25, MlpActivation.Relu, 24, 16),
            new InferenceLayer("head", new DenseMatrix(3, 12, CsrKernelTests.RandomVector(random, 36)), 36, CsrKernelTests.RandomVector(random, 3), MlpActivation.Identity, 16, 3),
        ]);
    }

    public static ITransformer Multiclass(MLContext ml, SparseMlpInferenceModel network) =>
        SparsePredictionTransformerFactory.CreateMulticlass(ml, new MlpScorer(network), "Features", ["cat", "dog", "bird"]);

    public static float[][] Rows(int seed, int count, int features)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, features).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray()).ToArray();
    }

    /// <summary>The raw outputs (logits) of the network behind a sparse transformer.</summary>
    public static float[] Logits(ITransformer model, float[] row)
    {
        var network = ((MlpScorer)((SparsePredictionTransformerBase)model).Scorer).Model;
        var outputs = new float[network.OutputSize];
        network.Score(row, outputs);
        return outputs;
    }

    public static void AssertClose(float[] expected, float[] actual, double tolerance, string what)
    {
        Assert.HasCount(expected.Length, actual);
        for (int i = 0; i < expected.Length; i++)
            Assert.AreEqual(expected[i], actual[i], tolerance, $"{what}[{i}]");
    }

    public static byte[] ToFloatBytes(IEnumerable<float[]> rows)
    {
        float[] flat = rows.SelectMany(r => r).ToArray();
        var bytes = new byte[flat.Length * 4];
        Buffer.BlockCopy(flat, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    public static float[] FromFloatBytes(byte[] bytes)
    {
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }
}
