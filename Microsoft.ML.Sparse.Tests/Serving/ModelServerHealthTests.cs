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
/// What a load balancer reads: /health/live answers while the process serves, /health/ready only while a model is
/// loaded (503 before the first load, while it is retried and after it failed; a failed reload keeps the old model and
/// the replica ready), and the model endpoints answer 503 until then.
/// </summary>
[TestClass]
[TestCategory(TestLanes.Process)]
public sealed class ModelServerHealthTests
{
    private sealed class Row4
    {
        [VectorType(4)] public float[] Features { get; set; } = new float[4];
    }

    internal static byte[] Classifier(int seed = 3)
    {
        var ml = new MLContext(1);
        var network = SparseMlpInferenceModelTests.RandomModel(seed, [4, 16, 3], 0.5);
        var model = SparsePredictionTransformerFactory.CreateMulticlass(ml, new MlpScorer(network), "Features", ["a", "b", "c"]);
        return ZipRoundTrip.Save(ml, model, ml.Data.LoadFromEnumerable(new[] { new Row4() }).Schema);
    }

    internal static string TempModelPath() => Path.Combine(Path.GetTempPath(), $"mlsparse-health-{Guid.NewGuid():N}.zip");

    /// <summary>Polls GET /health/ready until it answers <paramref name="status"/> (and the body satisfies <paramref name="until"/>); fails after 60 s.</summary>
    private static async Task<JsonElement> WaitForReady(ServerTestKit server, HttpStatusCode status, Func<JsonElement, bool>? until = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var response = await server.Http.GetAsync("/health/ready");
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            if (response.StatusCode == status && (until is null || until(json.RootElement)))
                return json.RootElement.Clone();
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"/health/ready did not answer {status} within 60 s; last: {(int)response.StatusCode} {json.RootElement}");
            await Task.Delay(50);
        }
    }

    [TestMethod]
    public async Task ReadyIs503UntilTheModelFileAppearsAndLoadsThen200()
    {
        string path = TempModelPath();
        await using var server = await ServerTestKit.Start(path, new ServerOptions { LoadModelInBackground = true, ModelRetryInterval = TimeSpan.FromMilliseconds(100) });
        try
        {
            Assert.AreEqual(HttpStatusCode.OK, (await server.Http.GetAsync("/health/live")).StatusCode, "the process is live without a model");
            var notReady = await WaitForReady(server, HttpStatusCode.ServiceUnavailable, r => r.GetProperty("reason").GetString()!.Contains("not found", StringComparison.Ordinal));
            Assert.AreEqual("not ready", notReady.GetProperty("status").GetString());
            var ready = await server.Http.GetAsync("/health/ready");
            Assert.AreEqual(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.IsTrue(ready.Headers.RetryAfter is not null, "503 says when to retry");

            var predict = await server.Http.PostAsJsonAsync("/predict", new { features = new[] { 1f, 2f, 3f, 4f } });
            Assert.AreEqual(HttpStatusCode.ServiceUnavailable, predict.StatusCode);
            StringAssert.Contains(await predict.Content.ReadAsStringAsync(), "has not loaded");
            Assert.AreEqual(HttpStatusCode.ServiceUnavailable, (await server.Http.GetAsync("/model")).StatusCode);
            Assert.AreEqual(HttpStatusCode.ServiceUnavailable, (await server.Http.GetAsync("/health")).StatusCode);

            await File.WriteAllBytesAsync(path, Classifier());
            var loaded = await WaitForReady(server, HttpStatusCode.OK);
            Assert.AreEqual(1, loaded.GetProperty("modelVersion").GetInt32());
            predict = await server.Http.PostAsJsonAsync("/predict", new { features = new[] { 1f, 2f, 3f, 4f } });
            Assert.AreEqual(HttpStatusCode.OK, predict.StatusCode, await predict.Content.ReadAsStringAsync());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public async Task ReadyStays503AfterAFailedFirstLoadUntilAReloadLoadsAGoodFile()
    {
        string path = TempModelPath();
        await File.WriteAllBytesAsync(path, [0x50, 0x4B, 3, 4, 1, 2, 3]);
        // One background try only (the next would be in an hour): the failure must keep the replica out of rotation.
        await using var server = await ServerTestKit.Start(path, new ServerOptions { LoadModelInBackground = true, ModelRetryInterval = TimeSpan.FromHours(1), AdminToken = ServerTestKit.Token });
        try
        {
            var failed = await WaitForReady(server, HttpStatusCode.ServiceUnavailable, r => r.GetProperty("reason").GetString()!.Contains(path, StringComparison.Ordinal));
            StringAssert.Contains(failed.GetProperty("reason").GetString(), "Model file");
            Assert.AreEqual(HttpStatusCode.OK, (await server.Http.GetAsync("/health/live")).StatusCode);

            var refused = await server.Reload();
            Assert.AreEqual(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            StringAssert.Contains(await refused.Content.ReadAsStringAsync(), "stays not ready");
            Assert.AreEqual(HttpStatusCode.ServiceUnavailable, (await server.Http.GetAsync("/health/ready")).StatusCode);

            await File.WriteAllBytesAsync(path, Classifier());
            var reloaded = await server.Reload();
            Assert.AreEqual(HttpStatusCode.OK, reloaded.StatusCode, await reloaded.Content.ReadAsStringAsync());
            var ready = await WaitForReady(server, HttpStatusCode.OK);
            Assert.AreEqual(1, ready.GetProperty("modelVersion").GetInt32());
            Assert.AreEqual(JsonValueKind.Null, ready.GetProperty("lastReloadError").ValueKind);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public async Task AFailedReloadKeepsTheOldModelAndTheReplicaReady()
    {
        string path = TempModelPath();
        await File.WriteAllBytesAsync(path, Classifier());
        await using var server = await ServerTestKit.Start(path);
        try
        {
            var ready = await WaitForReady(server, HttpStatusCode.OK);
            Assert.AreEqual(1, ready.GetProperty("modelVersion").GetInt32());
            await File.WriteAllBytesAsync(path, [1, 2, 3]);
            Assert.AreEqual(HttpStatusCode.UnprocessableEntity, (await server.Reload()).StatusCode);
            var still = await WaitForReady(server, HttpStatusCode.OK);
            Assert.AreEqual(1, still.GetProperty("modelVersion").GetInt32());
            StringAssert.Contains(still.GetProperty("lastReloadError").GetString(), path);
            var predict = await server.Http.PostAsJsonAsync("/predict", new { features = new[] { 1f, 2f, 3f, 4f } });
            Assert.AreEqual(HttpStatusCode.OK, predict.StatusCode);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
