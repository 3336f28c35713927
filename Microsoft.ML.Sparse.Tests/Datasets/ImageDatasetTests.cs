// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Buffers.Binary;
using System.IO.Compression;
using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Samples.Datasets;

namespace Microsoft.ML.Sparse.Tests.Datasets;

[DatasetTestClass]
public sealed class ImageDatasetTests
{
    private string _dir = "";

    [TestInitialize]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("idx-tests").FullName;

    [TestCleanup]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    private static byte[] Header(params int[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }

    private string Write(string name, byte[] content, bool gzip)
    {
        string path = Path.Combine(_dir, name);
        if (!gzip)
        {
            File.WriteAllBytes(path, content);
            return path;
        }
        using var file = File.Create(path);
        using var zip = new GZipStream(file, CompressionLevel.Fastest);
        zip.Write(content);
        return path;
    }

    /// <summary>Three 2×2 images (pixels 0, 51, 255, ...) and labels 2, 0, 1.</summary>
    private (string Images, string Labels) WriteTinySet(bool gzip, string prefix = "train")
    {
        var pixels = new byte[] { 0, 51, 102, 255, 255, 0, 0, 0, 1, 2, 3, 4 };
        string images = Write($"{prefix}-images-idx3-ubyte{(gzip ? ".gz" : "")}", Header(IdxFile.ImagesMagic, 3, 2, 2).Concat(pixels).ToArray(), gzip);
        string labels = Write($"{prefix}-labels-idx1-ubyte{(gzip ? ".gz" : "")}", Header(IdxFile.LabelsMagic, 3).Concat(new byte[] { 2, 0, 1 }).ToArray(), gzip);
        return (images, labels);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void ReadsRawAndGzipFilesAndScalesPixels(bool gzip)
    {
        var (images, labels) = WriteTinySet(gzip);
        var set = IdxDataset.Load("tiny", images, labels, new[] { "a", "b", "c" });
        Assert.AreEqual(3, set.Count);
        Assert.AreEqual(4, set.FeatureCount);
        CollectionAssert.AreEqual(new[] { 0f, 0.2f, 0.4f, 1f }, set.Features[0]);
        CollectionAssert.AreEqual(new[] { 2, 0, 1 }, set.Labels);
        var limited = IdxDataset.Load("tiny", images, labels, new[] { "a", "b", "c" }, maxRows: 2);
        Assert.AreEqual(2, limited.Count);
    }

    [TestMethod]
    public void StandardFileNamesAreFoundWithOrWithoutGz()
    {
        WriteTinySet(gzip: true);
        WriteTinySet(gzip: false, prefix: "t10k");
        Assert.AreEqual(3, Mnist.Load(DatasetSplit.Train, directory: _dir).Count);
        Assert.AreEqual(3, FashionMnist.Load(DatasetSplit.Test, directory: _dir).Count);
    }

    [TestMethod]
    public void WrongMagicTruncationAndCountMismatchAreRejected()
    {
        var (images, labels) = WriteTinySet(gzip: false);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => IdxFile.ReadImages(labels)).Message, "has magic number 0x00000801, expected 0x00000803");
        string cut = Write("cut", File.ReadAllBytes(images)[..^1], gzip: false);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => IdxFile.ReadImages(cut)).Message, "has 11 data bytes but its header declares 12");
        string fewLabels = Write("few", Header(IdxFile.LabelsMagic, 2).Concat(new byte[] { 0, 1 }).ToArray(), gzip: false);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => IdxDataset.Load("x", images, fewLabels, new[] { "a", "b", "c" })).Message, "has 3 images but");
        string badLabel = Write("bad", Header(IdxFile.LabelsMagic, 3).Concat(new byte[] { 0, 1, 7 }).ToArray(), gzip: false);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => IdxDataset.Load("x", images, badLabel, new[] { "a", "b", "c" })).Message, "Label 7 of image 2");
        // A gzip file cut short decompresses to too few bytes (or fails inflating): either way the file is rejected by name.
        var gzipped = WriteTinySet(gzip: true, prefix: "zipped");
        string cutGzip = Write("cut.gz", File.ReadAllBytes(gzipped.Images)[..20], gzip: false);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => IdxFile.ReadImages(cutGzip)).Message, cutGzip);
        Assert.ThrowsExactly<FileNotFoundException>(() => Mnist.Load(DatasetSplit.Train, directory: Path.Combine(_dir, "nothing")));
    }

    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
    public void RealFashionMnistAndMnistLoad()
    {
        var fashion = FashionMnist.Load(DatasetSplit.Train, maxRows: 100);
        Assert.AreEqual(100, fashion.Count);
        Assert.AreEqual(784, fashion.FeatureCount);
        CollectionAssert.AreEqual(new[] { 9, 0, 0, 3, 0 }, fashion.Labels[..5]);
        Assert.AreEqual("Ankle boot", fashion.ClassNames[fashion.Labels[0]]);
        Assert.AreEqual(76247 / 255.0, fashion.Features[0].Sum(), 1e-3);
        Assert.IsTrue(fashion.Features.All(r => r.All(v => v >= 0f && v <= 1f)));
        Assert.AreEqual(10_000, FashionMnist.Load(DatasetSplit.Test).Count);
        var mnist = Mnist.Load(DatasetSplit.Test, maxRows: 5);
        CollectionAssert.AreEqual(new[] { 7, 2, 1, 0, 4 }, mnist.Labels);
    }

    [TestMethod]
    public void DataViewHasFixedSizeFeaturesAndTheRequestedLabel()
    {
        var set = new LabeledVectors("tiny", 2, new[] { new[] { 1f, 2f }, new[] { 3f, 4f } }, new[] { 1, 0 }, new[] { "no", "yes" });
        var ml = new MLContext(1);
        var keyed = set.ToDataView(ml);
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 2), keyed.Schema["Features"].Type);
        Assert.AreEqual(new KeyDataViewType(typeof(uint), 2), keyed.Schema["Label"].Type);
        VBuffer<ReadOnlyMemory<char>> names = default;
        keyed.Schema["Label"].GetKeyValues(ref names);
        CollectionAssert.AreEqual(new[] { "no", "yes" }, names.DenseValues().Select(n => n.ToString()).ToArray());
        CollectionAssert.AreEqual(new uint[] { 2, 1 }, keyed.GetColumn<uint>("Label").ToArray());
        CollectionAssert.AreEqual(new[] { 1f, 0f }, set.ToDataView(ml, LabelKind.Single).GetColumn<float>("Label").ToArray());
        CollectionAssert.AreEqual(new[] { "yes", "no" }, set.ToDataView(ml, LabelKind.Text).GetColumn<string>("Label").ToArray());
        CollectionAssert.AreEqual(new[] { true, false }, set.ToDataView(ml, LabelKind.Boolean).GetColumn<bool>("Label").ToArray());
        CollectionAssert.AreEqual(new[] { 1f, 2f, 3f, 4f }, set.Flatten());
        var three = new LabeledVectors("three", 1, new[] { new[] { 0f } }, new[] { 2 }, new[] { "a", "b", "c" });
        Assert.ThrowsExactly<InvalidOperationException>(() => three.ToDataView(ml, LabelKind.Boolean));
    }
}
