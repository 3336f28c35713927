// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Persistence;
using static Microsoft.ML.Sparse.Tests.Engine.Networks.Transformer.TransformerTestKit;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Networks.Transformer;

namespace Microsoft.ML.Sparse.Tests.Engine.Networks.Transformer;

[TestClass]
public sealed class TransformerWeightsSerializerTests
{
    [TestMethod]
    public void ClassifierRoundTripsBitForBitAndCompactly()
    {
        var architecture = Classifier(vocabulary: 60, modelDim: 32);
        using var original = Build(() => new TransformerTextClassifier(architecture), 11);
        SetRandomMasks(original.SparseLinears, 0.1, 12);
        byte[] bytes = Save(original);

        using var restored = Build(() => new TransformerTextClassifier(architecture), 99);
        TransformerWeightsSerializer.Read(new MemoryStream(bytes), restored);
        AssertSameState(original, restored);
        original.eval();
        restored.eval();
        using var scope = NewDisposeScope();
        var ids = Ids(new long[,] { { 5, 6, 7, 8, 0 }, { 9, 10, 0, 0, 0 } });
        CollectionAssert.AreEqual(Values(original.forward(ids)), Values(restored.forward(ids)));

        long dense = original.parameters().Sum(p => p.numel()) * sizeof(float);
        Assert.IsTrue(bytes.Length < dense * 0.6, $"{bytes.Length} bytes vs {dense} dense");
        CollectionAssert.AreEqual(bytes, Save(restored), "writing the restored model gives the same bytes");
    }

    [TestMethod]
    public void Seq2SeqWithSharedEmbeddingsRoundTrips()
    {
        var architecture = Seq2Seq(shared: true, norm: NormPlacement.PreNorm);
        using var original = Build(() => new Seq2SeqTransformer(architecture), 21);
        SetRandomMasks(original.SparseLinears, 0.1, 22);
        byte[] bytes = Save(original);
        using var restored = Build(() => new Seq2SeqTransformer(architecture), 23);
        TransformerWeightsSerializer.Read(new MemoryStream(bytes), restored);
        AssertSameState(original, restored);
        Assert.IsTrue(restored.SparseLinears.All(l => Math.Abs(l.Density - 0.1) < 0.01));
    }

    [TestMethod]
    public void AllTrueMasksAreStoredDenselyAndRestoreFullMasks()
    {
        var architecture = Seq2Seq(shared: true);
        using var dense = Build(() => new Seq2SeqTransformer(architecture), 41); // masks start all true
        byte[] bytes = Save(dense);
        using var almostDense = Build(() => new Seq2SeqTransformer(architecture), 41);
        foreach (var layer in almostDense.SparseLinears)
        {
            using var mask = ones(layer.OutFeatures, layer.InFeatures, dtype: ScalarType.Bool);
            mask[0, 0] = false;
            layer.SetMask(mask);
        }
        long sparseWeights = dense.SparseLinears.Sum(l => l.InFeatures * l.OutFeatures);
        long withIndices = Save(almostDense).Length;
        Assert.IsTrue(bytes.Length + 0.9 * sparseWeights * sizeof(int) < withIndices, $"full masks {bytes.Length} B, one link fewer per layer {withIndices} B: full masks store no indices");
        using var restored = Build(() => new Seq2SeqTransformer(architecture), 42);
        SetRandomMasks(restored.SparseLinears, 0.1, 43);
        TransformerWeightsSerializer.Read(new MemoryStream(bytes), restored);
        AssertSameState(dense, restored);
        Assert.IsTrue(restored.SparseLinears.All(l => l.Density == 1.0));
    }

    [TestMethod]
    public void CorruptOrMismatchedStreamsAreRejectedAndLeaveTheModelUnchanged()
    {
        var architecture = Classifier();
        using var original = Build(() => new TransformerTextClassifier(architecture), 31);
        SetRandomMasks(original.SparseLinears, 0.2, 32);
        byte[] bytes = Save(original);
        using var target = Build(() => new TransformerTextClassifier(architecture), 33);
        byte[] before = Save(target);

        var flipped = (byte[])bytes.Clone();
        flipped[bytes.Length / 2] ^= 0x01;
        Assert.ThrowsExactly<InvalidDataException>(() => TransformerWeightsSerializer.Read(new MemoryStream(flipped), target));
        Assert.ThrowsExactly<InvalidDataException>(() => TransformerWeightsSerializer.Read(new MemoryStream(bytes[..^20]), target));
        Assert.ThrowsExactly<InvalidDataException>(() => TransformerWeightsSerializer.Read(new MemoryStream(new byte[] { 3, 65, 66, 67 }), target));
        Assert.ThrowsExactly<InvalidDataException>(() => TransformerWeightsSerializer.Read(new MemoryStream(Array.Empty<byte>()), target));
        using var other = Build(() => new TransformerTextClassifier(Classifier(modelDim: 32)), 34);
        Assert.ThrowsExactly<InvalidDataException>(() => TransformerWeightsSerializer.Read(new MemoryStream(bytes), other));
        using var deeper = Build(() => new TransformerTextClassifier(Classifier(layers: 3)), 35);
        Assert.ThrowsExactly<InvalidDataException>(() => TransformerWeightsSerializer.Read(new MemoryStream(bytes), deeper));
        CollectionAssert.AreEqual(before, Save(target), "a failed read must not modify the model");
    }

    [TestMethod]
    public void WritesTheSharedContainerAndStillReadsTheFnvVersionOne()
    {
        var architecture = Classifier(vocabulary: 60, modelDim: 32);
        using var original = Build(() => new TransformerTextClassifier(architecture), 51);
        SetRandomMasks(original.SparseLinears, 0.2, 52);
        byte[] bytes = Save(original);

        // Version 2: signature and version, then the shared container (length | payload | CRC-32), nothing after it.
        var r = new BinaryReader(new MemoryStream(bytes));
        Assert.AreEqual("MLSP.TransformerWeights", r.ReadString());
        Assert.AreEqual(2, r.ReadInt32());
        long length = r.ReadInt64();
        byte[] payload = r.ReadBytes((int)length);
        Assert.AreEqual(ChecksummedPayload.Crc32(payload), r.ReadUInt32());
        Assert.AreEqual(bytes.Length, r.BaseStream.Position);

        // Version 1, as written before the container was shared: the same payload with a 64-bit FNV-1a checksum.
        var legacy = new MemoryStream();
        using (var w = new BinaryWriter(legacy, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write("MLSP.TransformerWeights");
            w.Write(1);
            w.Write(length);
            w.Write(payload);
            ulong fnv = 14695981039346656037UL;
            foreach (byte b in payload)
                fnv = (fnv ^ b) * 1099511628211UL;
            w.Write(fnv);
        }
        using var restored = Build(() => new TransformerTextClassifier(architecture), 53);
        TransformerWeightsSerializer.Read(new MemoryStream(legacy.ToArray()), restored);
        AssertSameState(original, restored);
        byte[] corrupt = legacy.ToArray();
        corrupt[^1] ^= 1;
        Assert.ThrowsExactly<InvalidDataException>(() => TransformerWeightsSerializer.Read(new MemoryStream(corrupt), restored));
    }

    private static byte[] Save(nn.Module module)
    {
        var stream = new MemoryStream();
        TransformerWeightsSerializer.Write(stream, module);
        return stream.ToArray();
    }

    private static void AssertSameState(nn.Module expected, nn.Module actual)
    {
        var a = expected.named_parameters().ToList();
        var b = actual.named_parameters().ToList();
        CollectionAssert.AreEqual(a.Select(p => p.name).ToArray(), b.Select(p => p.name).ToArray());
        for (int i = 0; i < a.Count; i++)
            CollectionAssert.AreEqual(Values(a[i].parameter), Values(b[i].parameter), a[i].name);
        var ma = expected.named_buffers().Where(x => x.name.EndsWith(".mask")).ToList();
        var mb = actual.named_buffers().Where(x => x.name.EndsWith(".mask")).ToList();
        Assert.AreEqual(ma.Count, mb.Count);
        for (int i = 0; i < ma.Count; i++)
            CollectionAssert.AreEqual(ma[i].buffer.data<bool>().ToArray(), mb[i].buffer.data<bool>().ToArray(), ma[i].name);
    }
}
