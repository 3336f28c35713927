// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Scoring;
using Microsoft.ML.Sparse.Tests.Inference;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse.Tests.Persistence;

/// <summary>
/// Model files made by an attacker: a decompression bomb, payloads that lie about their lengths, and a seeded fuzz run
/// over a real saved model (random bytes, truncation, field values with a repaired checksum, renamed and extra entries).
/// Every case must end in a clear exception or a working model, quickly and with memory bounded by the real model size;
/// <c>LoadSparseModel</c> reports every failure to load as an <see cref="InvalidDataException"/>.
/// </summary>
[TestClass]
public sealed class HostileModelFileTests
{
    private const string ScorerEntry = "Scorer.bin";
    private const int PayloadOffset = 1 + 4 + 2 + 8; // kind byte, "SMLP", format version, payload length

    private sealed class Row
    {
        [VectorType(20)]
        public float[] Features { get; set; } = new float[20];
    }

    private sealed class Prediction
    {
        public float[] Score { get; set; } = [];
    }

    private static byte[] SavedModel()
    {
        var ml = new MLContext(1);
        var model = SparseMlpInferenceModelTests.RandomModel(3, [20, 120, 60, 4], 0.05);
        var transformer = SparsePredictionTransformerFactory.CreateMulticlass(ml, new MlpScorer(model), "Features", ["a", "b", "c", "d"]);
        return ZipRoundTrip.Save(ml, transformer, ml.Data.LoadFromEnumerable(new[] { new Row() }).Schema);
    }

    /// <summary>The zip rebuilt entry by entry; <paramref name="edit"/> returns the new (name, content) or null to drop it.</summary>
    private static byte[] Rebuild(byte[] zip, Func<string, byte[], (string Name, byte[] Content)?> edit, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var input = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in input.Entries)
            {
                var content = new MemoryStream();
                using (var s = entry.Open())
                    s.CopyTo(content);
                if (edit(entry.FullName, content.ToArray()) is not { } replaced)
                    continue;
                using var target = archive.CreateEntry(replaced.Name, level).Open();
                target.Write(replaced.Content);
            }
        }
        return output.ToArray();
    }

    private static byte[] WithFixedChecksum(byte[] scorer)
    {
        long length = BitConverter.ToInt64(scorer, 7);
        if (length > 0 && PayloadOffset + length + 4 <= scorer.Length)
            BitConverter.GetBytes(System.IO.Hashing.Crc32.HashToUInt32(scorer.AsSpan(PayloadOffset, (int)length))).CopyTo(scorer, PayloadOffset + (int)length);
        return scorer;
    }

    /// <summary>Loads and predicts one row; returns the exception that ended it (unwrapped from ML.NET's reflection call), or null.</summary>
    private static Exception? TryLoadAndPredict(byte[] zip)
    {
        try
        {
            var model = ZipRoundTrip.Load(zip, out _);
            var engine = new MLContext(1).Model.CreatePredictionEngine<Row, Prediction>(model);
            engine.Predict(new Row { Features = Enumerable.Range(0, 20).Select(i => MathF.Cos(i)).ToArray() });
            return null;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            return ex.InnerException;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    [TestMethod]
    public void DecompressionBombIsRejectedBeforeExtraction()
    {
        const int payload = 300 << 20;
        var zip = Rebuild(SavedModel(), (name, content) =>
        {
            if (!name.EndsWith(ScorerEntry, StringComparison.Ordinal))
                return (name, content);
            var bomb = new byte[PayloadOffset + payload + 4];
            content.AsSpan(0, 7).CopyTo(bomb);
            BitConverter.GetBytes((long)payload).CopyTo(bomb, 7);
            return (name, bomb);
        }, CompressionLevel.SmallestSize);
        Assert.IsLessThan(2 << 20, zip.Length, "the bomb file itself is small");

        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var ex = TryLoadAndPredict(zip);
        clock.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.IsInstanceOfType<InvalidDataException>(ex);
        StringAssert.Contains(ex.Message, "decompression bomb");
        StringAssert.Contains(ex.Message, ScorerEntry);
        Assert.IsLessThan(1000, clock.ElapsedMilliseconds, "rejected well under a second");
        Assert.IsLessThan(32L << 20, allocated, $"allocated {allocated:N0} bytes");
    }

    [TestMethod]
    public void PayloadLengthThatLiesIsRejectedWithoutAllocatingIt()
    {
        var zip = Rebuild(SavedModel(), (name, content) =>
        {
            if (name.EndsWith(ScorerEntry, StringComparison.Ordinal))
                BitConverter.GetBytes((long)int.MaxValue - 64).CopyTo(content, 7);
            return (name, content);
        });
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var ex = TryLoadAndPredict(zip);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.IsInstanceOfType<InvalidDataException>(ex);
        StringAssert.Contains(ex.Message, "remain");
        Assert.IsLessThan(32L << 20, allocated, $"allocated {allocated:N0} bytes");
    }

    [TestMethod]
    public void ChecksumIsVerifiedBeforeAnyLayerIsParsed()
    {
        var zip = Rebuild(SavedModel(), (name, content) =>
        {
            if (name.EndsWith(ScorerEntry, StringComparison.Ordinal))
                content[PayloadOffset + 40] ^= 0x5A;
            return (name, content);
        });
        var ex = TryLoadAndPredict(zip);
        Assert.IsInstanceOfType<InvalidDataException>(ex);
        StringAssert.Contains(ex.Message, "checksum mismatch");
    }

    [TestMethod]
    public void SeededFuzzEndsInClearErrorsOrWorkingModels()
    {
        var original = SavedModel();
        Assert.IsNull(TryLoadAndPredict(original));
        var random = new Random(20261203);
        var outcomes = new Dictionary<string, int>();
        for (int i = 0; i < 300; i++)
        {
            byte[] zip;
            string mutation;
            switch (i % 6)
            {
                case 0:
                    mutation = "random bytes of the file";
                    zip = (byte[])original.Clone();
                    for (int k = random.Next(1, 9); k > 0; k--)
                        zip[random.Next(zip.Length)] ^= (byte)random.Next(1, 256);
                    break;
                case 1:
                    mutation = "truncated file";
                    zip = original[..random.Next(original.Length)];
                    break;
                case 2:
                    mutation = "payload bytes, checksum repaired";
                    zip = Rebuild(original, (name, content) =>
                    {
                        if (name.EndsWith(ScorerEntry, StringComparison.Ordinal))
                        {
                            for (int k = random.Next(1, 5); k > 0; k--)
                                content[random.Next(PayloadOffset, content.Length - 4)] ^= (byte)random.Next(1, 256);
                            WithFixedChecksum(content);
                        }
                        return (name, content);
                    });
                    break;
                case 3:
                    mutation = "a payload field set to an extreme value, checksum repaired";
                    zip = Rebuild(original, (name, content) =>
                    {
                        if (name.EndsWith(ScorerEntry, StringComparison.Ordinal))
                        {
                            int at = random.Next(PayloadOffset, content.Length - 8);
                            int[] extremes = [0, -1, 1, int.MaxValue, int.MinValue, 65536, 1 << 24];
                            BitConverter.GetBytes(extremes[random.Next(extremes.Length)]).CopyTo(content, at);
                            WithFixedChecksum(content);
                        }
                        return (name, content);
                    });
                    break;
                case 4:
                    mutation = "a renamed entry";
                    int pick = random.Next(20), index = 0;
                    zip = Rebuild(original, (name, content) => (index++ == pick % 6 ? name + ".renamed" : name, content));
                    break;
                default:
                    mutation = "an extra entry";
                    var junk = new byte[random.Next(1, 4096)];
                    random.NextBytes(junk);
                    zip = Rebuild(original, (name, content) => (name, content));
                    zip = AddEntry(zip, $"Extra/{random.Next()}.bin", junk);
                    break;
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            var ex = TryLoadAndPredict(zip);
            clock.Stop();
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

            // LoadSparseModel turns each of these into one InvalidDataException (or loads the same model).
            try
            {
                using var stream = new MemoryStream(zip);
                new MLContext(1).Model.LoadSparseModel(stream, out _);
            }
            catch (Exception sparse)
            {
                Assert.IsInstanceOfType<InvalidDataException>(sparse, $"case {i} ({mutation}): LoadSparseModel threw {sparse}");
            }

            string outcome = ex is null ? "loaded" : ex.GetType().Name;
            // Ours are InvalidDataException; ML.NET's own entries (model.key, schema) fail with FormatException,
            // InvalidOperationException or, for a damaged loader assembly name, FileLoadException (an IOException).
            Assert.IsTrue(ex is null or InvalidDataException or IOException or FormatException or InvalidOperationException,
                $"case {i} ({mutation}): {ex}");
            Assert.IsLessThan(2000, clock.ElapsedMilliseconds, $"case {i} ({mutation}) took {clock.ElapsedMilliseconds} ms");
            Assert.IsLessThan(64L << 20, allocated, $"case {i} ({mutation}) allocated {allocated:N0} bytes");
            outcomes[$"{mutation}: {outcome}"] = outcomes.GetValueOrDefault($"{mutation}: {outcome}") + 1;
        }
        foreach (var (key, count) in outcomes.OrderBy(o => o.Key))
            Console.WriteLine($"{count,4}  {key}");
        Assert.IsTrue(outcomes.Keys.Any(k => k.EndsWith(nameof(InvalidDataException), StringComparison.Ordinal)), "the fuzz reached our validation");
    }

    private static byte[] AddEntry(byte[] zip, string name, byte[] content)
    {
        var stream = new MemoryStream();
        stream.Write(zip);
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        using (var s = archive.CreateEntry(name).Open())
            s.Write(content);
        return stream.ToArray();
    }
}
