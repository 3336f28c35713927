// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Text;
using Microsoft.ML.Sparse.Inference;
using Microsoft.ML.Sparse.Persistence;
using Microsoft.ML.Sparse.Tests.Inference;

namespace Microsoft.ML.Sparse.Tests.Persistence;

[TestClass]
public sealed class SparseMlpModelSerializerTests
{
    internal static byte[] Serialize(SparseMlpInferenceModel model)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            SparseMlpModelSerializer.Write(writer, model);
        return stream.ToArray();
    }

    internal static SparseMlpInferenceModel Deserialize(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        return SparseMlpModelSerializer.Read(reader);
    }

    private static void AssertIdentical(SparseMlpInferenceModel expected, SparseMlpInferenceModel actual)
    {
        Assert.HasCount(expected.Layers.Count, actual.Layers);
        for (int l = 0; l < expected.Layers.Count; l++)
        {
            InferenceLayer e = expected.Layers[l], a = actual.Layers[l];
            Assert.AreEqual(e.Name, a.Name);
            Assert.AreEqual(e.Kind, a.Kind);
            Assert.AreEqual(e.Activation, a.Activation);
            Assert.AreEqual((e.InputSize, e.OutputSize, e.OriginalInputSize, e.OriginalOutputSize, e.ActiveLinks), (a.InputSize, a.OutputSize, a.OriginalInputSize, a.OriginalOutputSize, a.ActiveLinks));
            CollectionAssert.AreEqual(e.Bias.ToArray(), a.Bias.ToArray());
            if (e.Csr != null)
            {
                Assert.AreEqual(e.Csr.Uses16BitIndices, a.Csr!.Uses16BitIndices);
                CollectionAssert.AreEqual(e.Csr.RowPointers.ToArray(), a.Csr.RowPointers.ToArray());
                CollectionAssert.AreEqual(e.Csr.ColumnIndices16.ToArray(), a.Csr.ColumnIndices16.ToArray());
                CollectionAssert.AreEqual(e.Csr.ColumnIndices32.ToArray(), a.Csr.ColumnIndices32.ToArray());
                CollectionAssert.AreEqual(e.Csr.Values.ToArray(), a.Csr.Values.ToArray());
            }
            else
                CollectionAssert.AreEqual(e.Dense!.Values.ToArray(), a.Dense!.Values.ToArray());
        }
    }

    [TestMethod]
    public void RoundTripIsExactFor16And32BitIndices()
    {
        var narrow = SparseMlpInferenceModelTests.RandomModel(1, new[] { 64, 100, 100, 10 }, 0.05);
        AssertIdentical(narrow, Deserialize(Serialize(narrow)));
        Assert.IsTrue(narrow.Layers[0].Csr!.Uses16BitIndices);

        var random = new Random(2);
        var wide = new SparseMlpInferenceModel(new[]
        {
            new InferenceLayer("wide", CsrKernelTests.RandomCsr(random, 8, 70_000, 0.001), new float[8], MlpActivation.Relu, 70_000, 8),
            new InferenceLayer("head", new DenseMatrix(2, 8, CsrKernelTests.RandomVector(random, 16)), 16, new float[2], MlpActivation.Identity, 8, 2),
        });
        var loaded = Deserialize(Serialize(wide));
        AssertIdentical(wide, loaded);
        Assert.IsFalse(loaded.Layers[0].Csr!.Uses16BitIndices);
    }

    [TestMethod]
    public void SixteenBitIndicesTakeTwoBytesPerLink()
    {
        var model = SparseMlpInferenceModelTests.RandomModel(3, new[] { 500, 400, 3 }, 0.05);
        var csr = model.Layers[0].Csr!;
        int size = Serialize(model).Length;
        // magic 4 + version 2 + length 8, CRC 4 + count 4 + per layer: name, 2 kind bytes, 4 ints, a long, bias; CSR: width byte, count, pointers, 6 bytes per link.
        int expected = 14 + 4 + 4
            + (1 + 6) + 2 + 16 + 8 + 4 * 400 + 1 + 4 + 4 * 401 + 6 * csr.NonZeroCount
            + (1 + 6) + 2 + 16 + 8 + 4 * 3 + 4 * 3 * 400;
        Assert.AreEqual(expected, size);
    }

    [TestMethod]
    public void EveryTruncationIsReportedAsCorrupt()
    {
        var bytes = Serialize(PredictionTestKit.ThreeClassModel());
        for (int length = 0; length < bytes.Length; length++)
        {
            var ex = Assert.ThrowsExactly<InvalidDataException>(() => Deserialize(bytes[..length]), $"cut at {length}");
            StringAssert.Contains(ex.Message, "corrupt or truncated");
        }
    }

    [TestMethod]
    public void EveryFlippedByteIsDetected()
    {
        var bytes = Serialize(PredictionTestKit.ThreeClassModel());
        for (int i = 0; i < bytes.Length; i++)
        {
            var copy = (byte[])bytes.Clone();
            copy[i] ^= 0x21;
            Assert.ThrowsExactly<InvalidDataException>(() => Deserialize(copy), $"byte {i}");
        }
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => Deserialize(Flip(bytes, 30))).Message, "checksum mismatch");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => Deserialize(Flip(bytes, 0))).Message, "signature");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => Deserialize(Flip(bytes, 4))).Message, "unknown format version");
    }

    [TestMethod]
    public void ATruncatedPayloadIsReportedWithTheBytesItNeedsAndTheBytesLeft()
    {
        var bytes = Serialize(PredictionTestKit.ThreeClassModel());
        long length = BitConverter.ToInt64(bytes, 6);
        Assert.AreEqual(bytes.Length, 14 + length + 4, "magic, version, length, payload, checksum");
        // Cut one byte: the payload is whole but its checksum is not, so 14 + length + 3 bytes are there.
        var ex = Assert.ThrowsExactly<InvalidDataException>(() => Deserialize(bytes[..^1]));
        StringAssert.Contains(ex.Message, $"its {length} bytes and their 4-byte checksum need {length + 4} bytes but only {length + 3} remain");
    }

    private static byte[] Flip(byte[] bytes, int index)
    {
        var copy = (byte[])bytes.Clone();
        copy[index] ^= 0x21;
        return copy;
    }

    /// <summary>A payload with a valid checksum around one hand-written 2x3 CSR layer.</summary>
    private static byte[] OneCsrLayer(Action<BinaryWriter>? afterHeader = null, int[]? pointers = null, ushort[]? columns = null, float[]? values = null,
        byte activation = 0, byte kind = 2, long? links = null, int trailingBytes = 0)
    {
        pointers ??= new[] { 0, 1, 2 };
        columns ??= new ushort[] { 0, 2 };
        values ??= new[] { 1f, 2f };
        using var payload = new MemoryStream();
        using (var w = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(1);
            w.Write("layer");
            w.Write(kind);
            w.Write(activation);
            w.Write(2); w.Write(3); w.Write(2); w.Write(3);
            w.Write(links ?? values.Length);
            w.Write(0f); w.Write(0f);
            w.Write((byte)2);
            w.Write(values.Length);
            foreach (int p in pointers) w.Write(p);
            foreach (ushort c in columns) w.Write(c);
            foreach (float v in values) w.Write(v);
            for (int i = 0; i < trailingBytes; i++) w.Write((byte)0);
        }
        var body = payload.ToArray();
        using var result = new MemoryStream();
        using (var w = new BinaryWriter(result))
        {
            w.Write("SMLP"u8);
            w.Write((ushort)1);
            w.Write((long)body.Length);
            w.Write(body);
            w.Write(ChecksummedPayload.Crc32(body));
        }
        return result.ToArray();
    }

    [TestMethod]
    public void HandWrittenPayloadLoads()
    {
        var model = Deserialize(OneCsrLayer());
        var y = new float[2];
        model.Score(new[] { 1f, 10f, 100f }, y);
        CollectionAssert.AreEqual(new[] { 1f, 200f }, y);
    }

    [TestMethod]
    [DataRow("index", "outside [0, 3)")]
    [DataRow("pointers", "must not decrease")]
    [DataRow("nan", "must be finite")]
    [DataRow("activation", "unknown activation 7")]
    [DataRow("kind", "unknown storage kind 9")]
    [DataRow("links", "declares 2 entries for 5 links")]
    [DataRow("trailing", "unexpected bytes after the last layer")]
    [DataRow("unsorted", "strictly increasing")]
    public void ValidChecksumButInvalidStructureIsRejected(string defect, string message)
    {
        byte[] bytes = defect switch
        {
            "index" => OneCsrLayer(columns: new ushort[] { 0, 3 }),
            "pointers" => OneCsrLayerDecreasing(),
            "nan" => OneCsrLayer(values: new[] { 1f, float.NaN }),
            "activation" => OneCsrLayer(activation: 7),
            "kind" => OneCsrLayer(kind: 9),
            "links" => OneCsrLayer(links: 5),
            "trailing" => OneCsrLayer(trailingBytes: 3),
            _ => OneCsrLayer(pointers: new[] { 0, 2, 2 }, columns: new ushort[] { 2, 1 }),
        };
        var ex = Assert.ThrowsExactly<InvalidDataException>(() => Deserialize(bytes));
        StringAssert.Contains(ex.Message, "corrupt or truncated");
        StringAssert.Contains(ex.Message, message);
    }

    // A 3x3 layer with row pointers 0, 2, 1, 2: row 1 would span [2, 1).
    private static byte[] OneCsrLayerDecreasing()
    {
        using var payload = new MemoryStream();
        using (var w = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(1); w.Write("layer"); w.Write((byte)2); w.Write((byte)0);
            w.Write(3); w.Write(3); w.Write(3); w.Write(3); w.Write(2L);
            w.Write(0f); w.Write(0f); w.Write(0f);
            w.Write((byte)2); w.Write(2);
            w.Write(0); w.Write(2); w.Write(1); w.Write(2);
            w.Write((ushort)0); w.Write((ushort)1);
            w.Write(1f); w.Write(1f);
        }
        var body = payload.ToArray();
        using var result = new MemoryStream();
        using (var w = new BinaryWriter(result))
        {
            w.Write("SMLP"u8); w.Write((ushort)1); w.Write((long)body.Length); w.Write(body); w.Write(ChecksummedPayload.Crc32(body));
        }
        return result.ToArray();
    }

    [TestMethod]
    public void Crc32MatchesTheStandardCheckValue() => Assert.AreEqual(0xCBF43926u, ChecksummedPayload.Crc32("123456789"u8));
}
