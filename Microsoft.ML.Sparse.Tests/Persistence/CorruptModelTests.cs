// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Reflection;

namespace Microsoft.ML.Sparse.Tests.Persistence;

/// <summary>
/// What mlContext.Model.Load reports for damaged model zips. ML.NET calls our loader through reflection, so errors
/// raised while reading our entries reach the caller as a TargetInvocationException whose inner exception is our
/// InvalidDataException; a damaged zip container is reported by ML.NET itself.
/// </summary>
[TestClass]
public sealed class CorruptModelTests
{
    private static byte[] SavedModel()
    {
        var ml = new MLContext(1);
        var data = PredictionTestKit.KeyedData(ml, out _);
        return ZipRoundTrip.Save(ml, PredictionTestKit.Multiclass(ml), data.Schema);
    }

    private static InvalidDataException LoadFailure(byte[] zip)
    {
        var ex = Assert.ThrowsExactly<TargetInvocationException>(() => ZipRoundTrip.Load(zip, out _));
        return Assert.IsInstanceOfType<InvalidDataException>(ex.InnerException);
    }

    [TestMethod]
    public void TruncatedZipIsReportedAsNotAZip()
    {
        var zip = SavedModel();
        foreach (int length in new[] { 0, 10, zip.Length / 2, zip.Length - 1 })
        {
            var ex = Assert.ThrowsExactly<FormatException>(() => ZipRoundTrip.Load(zip[..length], out _), $"length {length}");
            StringAssert.Contains(ex.Message, "Failed to open a zip archive");
        }
    }

    [TestMethod]
    public void FlippedBytesInsideTheNetworkAreDetected()
    {
        var zip = ZipEntries.Edit(SavedModel(), "Scorer.bin", bytes => { bytes[bytes.Length / 2] ^= 0x40; return bytes; });
        StringAssert.Contains(LoadFailure(zip).Message, "The sparse MLP model data is corrupt or truncated: checksum mismatch");
    }

    [TestMethod]
    public void TruncatedNetworkEntryIsDetected()
    {
        var zip = ZipEntries.Edit(SavedModel(), "Scorer.bin", bytes => bytes[..(bytes.Length - 7)]);
        StringAssert.Contains(LoadFailure(zip).Message, "corrupt or truncated");
    }

    [TestMethod]
    public void MissingNetworkEntryIsDetected()
    {
        var zip = ZipEntries.Edit(SavedModel(), "Scorer.bin", _ => null);
        StringAssert.Contains(LoadFailure(zip).Message, "the entry 'Scorer.bin' holding its network is missing");
    }

    [TestMethod]
    public void UnknownScorerKindIsDetected()
    {
        var zip = ZipEntries.Edit(SavedModel(), "Scorer.bin", bytes => { bytes[0] = 99; return bytes; });
        StringAssert.Contains(LoadFailure(zip).Message, "unknown scorer kind 99");
    }

    [TestMethod]
    public void TruncatedTransformerEntryIsReportedByMlNet()
    {
        // Model.key ends with ML.NET's string table: cutting it is caught by ML.NET's own header checks.
        var zip = ZipEntries.Edit(SavedModel(), "TransformerChain/Model.key", bytes => bytes[..(bytes.Length - 12)]);
        Assert.ThrowsExactly<FormatException>(() => ZipRoundTrip.Load(zip, out _));
    }

    [TestMethod]
    public void InconsistentTransformerFieldsAreDetected()
    {
        // Our fields in Model.key: ..., i32 class count (3), bool has class names (1), u8 text code (1), i32 count (3), names.
        byte[] pattern = { 3, 0, 0, 0, 1, 1, 3, 0, 0, 0 };
        var zip = ZipEntries.Edit(SavedModel(), "TransformerChain/Model.key", bytes =>
        {
            int at = bytes.AsSpan().IndexOf(pattern);
            Assert.IsGreaterThanOrEqualTo(0, at, "class count not found");
            bytes[at] = 1;
            return bytes;
        });
        StringAssert.Contains(LoadFailure(zip).Message, "The saved sparse multiclass model is corrupt: 1 classes");
    }
}
