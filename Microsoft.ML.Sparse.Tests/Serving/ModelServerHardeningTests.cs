// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Samples.ModelServer;

namespace Microsoft.ML.Sparse.Tests.Serving;

/// <summary>
/// The model server under bad traffic, with real HTTP on 127.0.0.1: oversized bodies (413), non-finite and non-numeric
/// values (400 problem details, valid JSON), and an atomic hot reload under 20 concurrent clients with zero failed
/// requests and flat managed memory.
/// </summary>
[TestClass]
[TestCategory(TestLanes.Process)]
public sealed class ModelServerHardeningTests
{
    private sealed class Blob
    {
        [VectorType(4)] public float[] Features { get; set; } = [];
        public string Label { get; set; } = "";
    }

    private static string SaveModel(int shift, string path)
    {
        var ml = new MLContext(3);
        var rnd = new Random(5 + shift);
        var rows = Enumerable.Range(0, 150).Select(i => new Blob
        {
            Label = "c" + ((i + shift) % 3),
            Features = Enumerable.Range(0, 4).Select(j => (float)((j == i % 3 ? 4.0 : 0.0) + rnd.NextDouble() - 0.5)).ToArray(),
        }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.SparseMlp(new SparseMlpOptions
            {
                NumberOfEpochs = 5,
                HiddenLayerSizes = [16],
                Topology = new SparseTopologyOptions { Method = SparseTrainingMethod.Dense },
                Engine = SparseTrainingEngine.Managed,
            }))
            .Fit(data);
        ml.Model.Save(model, data.Schema, path);
        return path;
    }

    private static async Task<(WebApplication App, HttpClient Http)> Start(string modelPath)
    {
        var app = ModelServerApp.Build(modelPath, "http://127.0.0.1:0", new ServerOptions { AdminToken = ServerTestKit.Token });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new HttpClient { BaseAddress = new Uri(address) });
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static Task<HttpResponseMessage> Reload(HttpClient http)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/admin/reload");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ServerTestKit.Token);
        return http.SendAsync(request);
    }

    [TestMethod]
    public async Task OversizedBodiesGet413AndBadNumbersGet400WithValidJson()
    {
        string path = SaveModel(0, Path.Combine(Path.GetTempPath(), $"mlsparse-hard-{Guid.NewGuid():N}.zip"));
        var (app, http) = await Start(path);
        try
        {
            // Expect: 100-continue lets the server answer before the client sends 40 MB (a client that sends anyway sees
            // the connection closed after the 413).
            var huge = new HttpRequestMessage(HttpMethod.Post, "/predict") { Content = Json("{\"features\":[" + string.Join(",", Enumerable.Repeat("0.5", 10_000_000)) + "]}") };
            huge.Headers.ExpectContinue = true;
            var tooLarge = await http.SendAsync(huge);
            Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
            StringAssert.Contains(await tooLarge.Content.ReadAsStringAsync(), "larger than");

            // A streamed body without Content-Length is cut off at the limit too.
            var streamed = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"rows\":[" + string.Join(",", Enumerable.Repeat("[1,2,3,4]", 20_000)) + "]}")));
            streamed.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            var request = new HttpRequestMessage(HttpMethod.Post, "/predict/batch") { Content = streamed };
            request.Headers.TransferEncodingChunked = true;
            request.Headers.ExpectContinue = true;
            Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, (await http.SendAsync(request)).StatusCode);

            foreach (string body in new[] { "{\"features\":[\"NaN\",1,2,3]}", "{\"features\":[1e39,1,2,3]}", "{\"features\":[\"1\",1,2,3]}", "{\"features\":[NaN,1,2,3]}" })
            {
                var response = await http.PostAsync("/predict", Json(body));
                Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode, body);
                using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                Assert.AreEqual(400, problem.RootElement.GetProperty("status").GetInt32());
            }
            // Finite but extreme values: either a finite answer or a 400, and always valid JSON.
            var extreme = await http.PostAsync("/predict", Json("{\"features\":[3e38,3e38,-3e38,3e38]}"));
            Assert.IsTrue(extreme.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, extreme.StatusCode.ToString());
            JsonDocument.Parse(await extreme.Content.ReadAsStringAsync()).Dispose();
        }
        finally
        {
            await app.DisposeAsync();
            http.Dispose();
            File.Delete(path);
        }
    }

    [TestMethod]
    public async Task HotReloadSwapsTheModelAtomicallyUnderLoad()
    {
        string path = SaveModel(0, Path.Combine(Path.GetTempPath(), $"mlsparse-reload-{Guid.NewGuid():N}.zip"));
        var (app, http) = await Start(path);
        try
        {
            using var before = JsonDocument.Parse(await http.GetStringAsync("/health"));
            Assert.AreEqual(1, before.RootElement.GetProperty("modelVersion").GetInt32());
            string firstSha = before.RootElement.GetProperty("modelSha256").GetString()!;

            int failures = 0, served = 0;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            long memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(0, 20).Select(c => Task.Run(async () =>
            {
                var features = new[] { c % 3 == 0 ? 4f : 0f, c % 3 == 1 ? 4f : 0f, c % 3 == 2 ? 4f : 0f, 0f };
                while (!stop.IsCancellationRequested)
                {
                    var response = await http.PostAsJsonAsync("/predict", new { features });
                    if (response.StatusCode != HttpStatusCode.OK)
                        Interlocked.Increment(ref failures);
                    Interlocked.Increment(ref served);
                }
            })).ToArray();
            await Task.Delay(2000);
            SaveModel(1, path + ".next");
            File.Move(path + ".next", path, overwrite: true);
            var reload = await Reload(http);
            Assert.AreEqual(HttpStatusCode.OK, reload.StatusCode, await reload.Content.ReadAsStringAsync());
            await Task.Delay(2000);

            // A file that does not load leaves the live model in place.
            await File.WriteAllBytesAsync(path, [1, 2, 3]);
            var bad = await Reload(http);
            Assert.AreEqual(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
            StringAssert.Contains(await bad.Content.ReadAsStringAsync(), "version 2 stays live");
            await Task.Delay(300);
            stop.Cancel();
            await Task.WhenAll(clients);

            Assert.AreEqual(0, failures, $"{failures} of {served} requests failed during the reloads");
            Assert.IsGreaterThan(200, served);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            long grown = GC.GetTotalMemory(forceFullCollection: true) - memoryBefore;
            Assert.IsLessThan(64L << 20, grown, $"managed memory grew by {grown:N0} bytes over {served} requests and two reloads");
            using var after = JsonDocument.Parse(await http.GetStringAsync("/health"));
            Assert.AreEqual(2, after.RootElement.GetProperty("modelVersion").GetInt32());
            Assert.AreNotEqual(firstSha, after.RootElement.GetProperty("modelSha256").GetString());
        }
        finally
        {
            await app.DisposeAsync();
            http.Dispose();
            File.Delete(path);
        }
    }
}
