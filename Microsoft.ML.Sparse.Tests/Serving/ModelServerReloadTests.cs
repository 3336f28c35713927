// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Samples.ModelServer;
using Microsoft.ML.Sparse.Scoring;
using Microsoft.ML.Sparse.Tests.Inference;
using Microsoft.ML.Sparse.Tests.Persistence;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse.Tests.Serving;

/// <summary>
/// POST /admin/reload: disabled without a token (403), 401 without the right one, 409 for a model of another task or
/// input shape unless allowed (then the answer says what changed), 422 with the real reason for every file that does
/// not load (damaged, truncated, over the size cap, a network that takes another number of features than its schema),
/// and the live model keeps answering through every refusal.
/// </summary>
[TestClass]
[TestCategory(TestLanes.Process)]
public sealed class ModelServerReloadTests
{
    private sealed class Row4
    {
        [VectorType(4)] public float[] Features { get; set; } = new float[4];
    }

    private sealed class Row10
    {
        [VectorType(10)] public float[] Features { get; set; } = new float[10];
    }

    /// <summary>A saved 4-feature 3-class model (the live one in these tests).</summary>
    private static byte[] FourFeatureClassifier(int seed = 3)
    {
        var ml = new MLContext(1);
        var network = SparseMlpInferenceModelTests.RandomModel(seed, [4, 16, 3], 0.5);
        var model = SparsePredictionTransformerFactory.CreateMulticlass(ml, new MlpScorer(network), "Features", ["a", "b", "c"]);
        return ZipRoundTrip.Save(ml, model, ml.Data.LoadFromEnumerable(new[] { new Row4() }).Schema);
    }

    /// <summary>A saved 10-feature regression model.</summary>
    private static byte[] TenFeatureRegression()
    {
        var ml = new MLContext(1);
        var network = SparseMlpInferenceModelTests.RandomModel(4, [10, 8, 1], 0.5);
        var model = SparsePredictionTransformerFactory.CreateRegression(ml, new MlpScorer(network), "Features");
        return ZipRoundTrip.Save(ml, model, ml.Data.LoadFromEnumerable(new[] { new Row10() }).Schema);
    }

    private static async Task<(ServerTestKit Server, string Path)> Serve(byte[] model, ServerOptions? options = null)
    {
        string path = Path.Combine(Path.GetTempPath(), $"mlsparse-reload-{Guid.NewGuid():N}.zip");
        await File.WriteAllBytesAsync(path, model);
        return (await ServerTestKit.Start(path, options), path);
    }

    private static async Task<string> Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(status, response.StatusCode, body);
        return body;
    }

    private static async Task AssertStillServes(ServerTestKit server, int version)
    {
        var predict = await server.Http.PostAsJsonAsync("/predict", new { features = new[] { 1f, 2f, 3f, 4f } });
        Assert.AreEqual(HttpStatusCode.OK, predict.StatusCode);
        using var health = JsonDocument.Parse(await server.Http.GetStringAsync("/health"));
        Assert.AreEqual(version, health.RootElement.GetProperty("modelVersion").GetInt32());
    }

    [TestMethod]
    public async Task ReloadIsDisabledWithoutATokenAndNeedsTheRightOne()
    {
        var (disabled, path) = await Serve(FourFeatureClassifier(), new ServerOptions());
        try
        {
            StringAssert.Contains(await Expect(await disabled.Reload(), HttpStatusCode.Forbidden), ServerOptions.AdminTokenVariable);
        }
        finally
        {
            await disabled.DisposeAsync();
        }
        await using var server = await ServerTestKit.Start(path);
        try
        {
            foreach (string? token in new[] { null, "wrong-token-0123456789", ServerTestKit.Token + "x", "" })
            {
                var response = await server.Reload(token: token);
                StringAssert.Contains(await Expect(response, HttpStatusCode.Unauthorized), "Authorization: Bearer");
                Assert.AreEqual("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            }
            await Expect(await server.Reload(), HttpStatusCode.OK);
            await AssertStillServes(server, 2);
            Assert.IsFalse(server.Log.Entries.Any(e => e.Message.Contains(ServerTestKit.Token, StringComparison.Ordinal)), "the token is never logged");
        }
        finally
        {
            File.Delete(path);
        }
        Assert.Throws<ArgumentException>(() => ModelServerApp.Build(path, "http://127.0.0.1:0", new ServerOptions { AdminToken = "short" }));
    }

    [TestMethod]
    public async Task AModelOfAnotherShapeOrTaskIsRefusedUnlessAllowed()
    {
        var (server, path) = await Serve(FourFeatureClassifier());
        await using var _ = server;
        try
        {
            await File.WriteAllBytesAsync(path, TenFeatureRegression());
            string refused = await Expect(await server.Reload(), HttpStatusCode.Conflict);
            StringAssert.Contains(refused, "multiclass, 4 features in 'Features' -> regression, 10 features in 'Features'");
            StringAssert.Contains(refused, "version 1 stays live");
            StringAssert.Contains(refused, "allowShapeChange=true");
            await AssertStillServes(server, 1);

            using var allowed = JsonDocument.Parse(await Expect(await server.Reload("?allowShapeChange=true"), HttpStatusCode.OK));
            Assert.IsTrue(allowed.RootElement.GetProperty("shapeChanged").GetBoolean());
            StringAssert.Contains(allowed.RootElement.GetProperty("warning").GetString(), "clients must now send 10 features");
            var predict = await server.Http.PostAsJsonAsync("/predict", new { features = new float[10] });
            Assert.AreEqual(HttpStatusCode.OK, predict.StatusCode);

            // The same shape needs no flag and says nothing changed.
            await File.WriteAllBytesAsync(path, TenFeatureRegression());
            using var same = JsonDocument.Parse(await Expect(await server.Reload(), HttpStatusCode.OK));
            Assert.IsFalse(same.RootElement.GetProperty("shapeChanged").GetBoolean());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public async Task EveryFileThatDoesNotLoadGets422WithTheRealReason()
    {
        var good = FourFeatureClassifier();
        var (server, path) = await Serve(good);
        await using var _ = server;
        try
        {
            // The network takes 11 features, the schema saved with it says 4.
            var ml = new MLContext(1);
            var eleven = SparsePredictionTransformerFactory.CreateMulticlass(ml, new MlpScorer(SparseMlpInferenceModelTests.RandomModel(5, [11, 8, 3], 0.5)), "Features", ["a", "b", "c"]);
            var cases = new (string Name, byte[] Bytes, string Reason)[]
            {
                ("first layer of 11 inputs", ZipRoundTrip.Save(ml, eleven, ml.Data.LoadFromEnumerable(new[] { new Row4() }).Schema), "but the model was trained on Vector<Single, 11>"),
                ("truncated", good[..(good.Length / 2)], "Failed to open a zip archive"),
                ("flipped network byte", ZipEntries.Edit(good, "Scorer.bin", b => { b[b.Length / 2] ^= 0x40; return b; }), "checksum mismatch"),
                ("empty", [], "did not load"),
            };
            foreach (var (name, bytes, reason) in cases)
            {
                await File.WriteAllBytesAsync(path, bytes);
                string body = await Expect(await server.Reload(), HttpStatusCode.UnprocessableEntity);
                StringAssert.Contains(body, reason, name);
                StringAssert.Contains(body, "version 1 stays live", name);
                Assert.IsFalse(body.Contains("target of an invocation", StringComparison.Ordinal), $"{name}: {body}");
            }
            File.Delete(path);
            StringAssert.Contains(await Expect(await server.Reload(), HttpStatusCode.UnprocessableEntity), "not found");
            await AssertStillServes(server, 1);
            Assert.IsFalse(server.Log.Entries.Any(e => e.Exception is not null || e.Level >= Microsoft.Extensions.Logging.LogLevel.Error),
                "refused reloads are logged as one warning line each, never with an exception");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public async Task AFileOverTheCapIsRefusedBeforeItIsRead()
    {
        var good = FourFeatureClassifier();
        var (server, path) = await Serve(good, new ServerOptions { AdminToken = ServerTestKit.Token, MaxModelBytes = 64 << 10 });
        await using var _ = server;
        try
        {
            await using (var big = File.Create(path))
                big.SetLength(200L << 20);   // 200 MB of zeros, sparse on disk
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            string body = await Expect(await server.Reload(), HttpStatusCode.UnprocessableEntity);
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            StringAssert.Contains(body, "larger than this server's cap of 65,536 bytes");
            StringAssert.Contains(body, "--max-model-mb");
            Assert.IsLessThan(16L << 20, allocated, $"refusing the file allocated {allocated:N0} bytes");
            await AssertStillServes(server, 1);

            var start = Assert.ThrowsExactly<ModelLoadException>(() => ModelServerApp.Build(path, "http://127.0.0.1:0", new ServerOptions { MaxModelBytes = 64 << 10 }));
            StringAssert.Contains(start.Message, "larger than this server's cap");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
