// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Persistence.Safetensors;
using static Microsoft.ML.Sparse.Tests.Persistence.SafetensorsTestKit;

namespace Microsoft.ML.Sparse.Tests.Persistence;

/// <summary>
/// Sparse MLP to safetensors (the paper's nn.Linear layout with masks) and back: scores equal within 1e-5 through the
/// file and through a saved model zip, the file's layout as PyTorch reads it, files written by plain PyTorch code
/// (no metadata, no masks), and damaged files refused with the reason.
/// </summary>
[TestClass]
public sealed class SafetensorsInteropTests
{
    private static byte[] Export(MLContext ml, ITransformer model)
    {
        using var stream = new MemoryStream();
        ml.Model.ExportSparseMlpToSafetensors(model, stream);
        return stream.ToArray();
    }

    private static ITransformer Import(MLContext ml, byte[] file, out DataViewSchema schema) =>
        ml.Model.ImportSparseMlpFromSafetensors(new MemoryStream(file), out schema);

    [TestMethod]
    public void ExportImportKeepsEveryScoreWithin1e5AndTheModelZipScoresTheSame()
    {
        var ml = new MLContext(1);
        var original = Multiclass(ml, NetworkWithEncodingAndDroppedNeurons(7));
        var imported = Import(ml, Export(ml, original), out var schema);

        var rows = Rows(3, 64, 6);
        foreach (var row in rows)
            AssertClose(Logits(original, row), Logits(imported, row), 1e-5, "logits");

        var zip = ZipRoundTrip.Save(ml, imported, schema);
        var loaded = ZipRoundTrip.Load(zip, out _);
        var data = ml.Data.LoadFromEnumerable(rows.Select(r => new Row { Features = r }));
        var expected = original.Transform(data).GetColumn<float[]>("Score").ToArray();
        var actual = loaded.Transform(data).GetColumn<float[]>("Score").ToArray();
        for (int i = 0; i < rows.Length; i++)
            AssertClose(expected[i], actual[i], 1e-5, $"row {i} Score");
        var labels = loaded.Transform(data).GetColumn<uint>("PredictedLabel").ToArray();
        CollectionAssert.AreEqual(original.Transform(data).GetColumn<uint>("PredictedLabel").ToArray(), labels);
        CollectionAssert.AreEqual(new[] { "cat", "dog", "bird" }, ((SparseMulticlassPredictionTransformer)imported).ClassNames.ToArray());
    }

    [TestMethod]
    public void TheFileHasThePapersLayoutAtTheTrainedSizes()
    {
        var ml = new MLContext(1);
        byte[] file = Export(ml, Multiclass(ml, NetworkWithEncodingAndDroppedNeurons(7)));
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        Assert.AreEqual(0UL, headerLength % 8, "the header is padded to 8 bytes as safetensors writes it");
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(file, 8, (int)headerLength));
        var root = header.RootElement;
        long[] Shape(string name) => root.GetProperty(name).GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        CollectionAssert.AreEqual(new long[] { 10, 6 }, Shape("input_encoding.weight"));
        CollectionAssert.AreEqual(new long[] { 24, 10 }, Shape("Linear1.weight"), "dropped neurons come back: trained width 24");
        CollectionAssert.AreEqual(new long[] { 16, 24 }, Shape("Linear2.weight"));
        CollectionAssert.AreEqual(new long[] { 3, 16 }, Shape("last_layer.weight"));
        CollectionAssert.AreEqual(new long[] { 24 }, Shape("Linear1.bias"));
        Assert.AreEqual("BOOL", root.GetProperty("Linear1.mask").GetProperty("dtype").GetString());
        Assert.AreEqual("F32", root.GetProperty("Linear1.weight").GetProperty("dtype").GetString());
        var metadata = root.GetProperty("__metadata__");
        Assert.AreEqual("multiclass", metadata.GetProperty("task").GetString());
        Assert.AreEqual("[\"input_encoding\",\"Linear1\",\"Linear2\",\"last_layer\"]", metadata.GetProperty("layers").GetString());
        Assert.AreEqual("[\"clamp01\",\"relu\",\"relu\",\"identity\"]", metadata.GetProperty("activations").GetString());

        // Mask and weights agree: links are where the mask is true, every other weight is 0; data fills the file exactly.
        var (tensors, _) = SafetensorsFile.Read(new MemoryStream(file), "test");
        bool[] mask = tensors["Linear1.mask"].ToBools();
        float[] weight = tensors["Linear1.weight"].ToFloats();
        Assert.IsTrue(mask.Zip(weight).All(p => p.First || p.Second == 0), "a weight outside the mask");
        Assert.AreEqual(NetworkWithEncodingAndDroppedNeurons(7).Layers[1].ActiveLinks, mask.Count(m => m));
        long dataBytes = root.EnumerateObject().Where(p => p.Name != "__metadata__").Sum(p => p.Value.GetProperty("data_offsets")[1].GetInt64() - p.Value.GetProperty("data_offsets")[0].GetInt64());
        Assert.AreEqual(file.Length, 8 + (long)headerLength + dataBytes);
    }

    [TestMethod]
    public void APlainPyTorchStateDictWithoutMetadataOrMasksScoresAsADenseMlp()
    {
        // What torch.save_file(dense_mlp.state_dict()) of the paper's dense_mlp (Linear1..3, last_layer) holds, two hidden layers here.
        var random = new Random(5);
        float[] Values(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        float[] w1 = Values(8 * 5), b1 = Values(8), w2 = Values(7 * 8), b2 = Values(7), w3 = Values(1 * 7), b3 = Values(1);
        using var stream = new MemoryStream();
        SafetensorsFile.Write(stream,
        [
            SafetensorsTensor.FromFloats("Linear1.weight", [8, 5], w1), SafetensorsTensor.FromFloats("Linear1.bias", [8], b1),
            SafetensorsTensor.FromFloats("Linear2.weight", [7, 8], w2), SafetensorsTensor.FromFloats("Linear2.bias", [7], b2),
            SafetensorsTensor.FromFloats("last_layer.weight", [1, 7], w3), SafetensorsTensor.FromFloats("last_layer.bias", [1], b3),
        ], new Dictionary<string, string>());
        var ml = new MLContext(1);
        var model = Import(ml, stream.ToArray(), out var schema);
        Assert.IsInstanceOfType<SparseRegressionPredictionTransformer>(model, "one output and no task: regression");
        Assert.AreEqual("Features", schema[0].Name);
        foreach (var x in Rows(9, 20, 5))
        {
            double[] h1 = Dense(w1, b1, x.Select(v => (double)v).ToArray(), relu: true);
            double[] h2 = Dense(w2, b2, h1, relu: true);
            double y = Dense(w3, b3, h2, relu: false)[0];
            Assert.AreEqual(y, Logits(model, x)[0], 1e-5);
        }
    }

    private static double[] Dense(float[] w, float[] b, double[] x, bool relu)
    {
        var y = new double[b.Length];
        for (int r = 0; r < y.Length; r++)
        {
            double s = b[r];
            for (int c = 0; c < x.Length; c++)
                s += w[r * x.Length + c] * x[c];
            y[r] = relu ? Math.Max(0, s) : s;
        }
        return y;
    }

    [TestMethod]
    public void DamagedOrUnsupportedFilesAreRefusedWithTheReason()
    {
        var ml = new MLContext(1);
        byte[] file = Export(ml, Multiclass(ml, NetworkWithEncodingAndDroppedNeurons(2)));
        var truncated = Assert.ThrowsExactly<InvalidDataException>(() => Import(ml, file[..(file.Length - 10)], out _));
        StringAssert.Contains(truncated.Message, "truncated");
        var huge = (byte[])file.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(huge, ulong.MaxValue);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => Import(ml, huge, out _)).Message, "header length");
        var noJson = (byte[])file.Clone();
        noJson[8] = (byte)'x';
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => Import(ml, noJson, out _)).Message, "JSON");

        using var unknown = new MemoryStream();
        SafetensorsFile.Write(unknown, [SafetensorsTensor.FromFloats("fc.weight", [2, 2], new float[4])], new Dictionary<string, string>());
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => Import(ml, unknown.ToArray(), out _)).Message, "Linear1.weight..LinearK.weight and last_layer.weight");

        var notSparse = ml.Transforms.Concatenate("F", "Features").Fit(ml.Data.LoadFromEnumerable(new[] { new Row() }));
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => ml.Model.ExportSparseMlpToSafetensors(notSparse, new MemoryStream())).Message,
            "Only sparse MLP models export");
        var mlpAsTranslator = Assert.ThrowsExactly<ArgumentException>(() =>
            ml.Model.ExportSparseTranslatorToSafetensors(Multiclass(ml, NetworkWithEncodingAndDroppedNeurons(2)), new MemoryStream()));
        StringAssert.Contains(mlpAsTranslator.Message, "sparse MLPs export with ExportSparseMlpToSafetensors");
    }
}
