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

/// <summary>Real HTTP requests against the business-app sample bound to 127.0.0.1 on a free port.</summary>
[TestClass]
[TestCategory(TestLanes.Process)]
public sealed class ModelServerTests
{
    private static string _modelPath = "";
    private static WebApplication? _app;
    private static HttpClient _http = new();
    private static float[][] _rows = Array.Empty<float[]>();
    private static string[] _expected = Array.Empty<string>();

    private sealed class Blob
    {
        [VectorType(4)] public float[] Features { get; set; } = Array.Empty<float>();
        public string Label { get; set; } = "";
    }

    private sealed class Out
    {
        public float[] Score { get; set; } = Array.Empty<float>();
    }

    [ClassInitialize]
    public static async Task StartServer(TestContext _)
    {
        var ml = new MLContext(3);
        var rnd = new Random(5);
        var rows = Enumerable.Range(0, 150).Select(i => new Blob
        {
            Label = "c" + (i % 3),
            Features = Enumerable.Range(0, 4).Select(j => (float)((j == i % 3 ? 4.0 : 0.0) + rnd.NextDouble() - 0.5)).ToArray(),
        }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(maximumNumberOfIterations: 30))
            .Fit(data);
        _modelPath = Path.Combine(Path.GetTempPath(), $"mlsparse-server-{Guid.NewGuid():N}.zip");
        ml.Model.Save(model, data.Schema, _modelPath);

        _rows = rows.Take(40).Select(r => r.Features).ToArray();
        var engine = ml.Model.CreatePredictionEngine<Blob, Out>(model);
        var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
        model.GetOutputSchema(data.Schema)["Score"].GetSlotNames(ref slotNames);
        var names = slotNames.DenseValues().Select(n => n.ToString()).ToArray();
        _expected = _rows.Select(f =>
        {
            var s = engine.Predict(new Blob { Features = f }).Score;
            return names[Array.IndexOf(s, s.Max())];
        }).ToArray();

        _app = ModelServerApp.Build(_modelPath, "http://127.0.0.1:0");
        await _app.StartAsync();
        string address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        StringAssert.StartsWith(address, "http://127.0.0.1:");
        _http = new HttpClient { BaseAddress = new Uri(address) };
    }

    [ClassCleanup]
    public static async Task StopServer()
    {
        if (_app is not null)
            await _app.DisposeAsync();
        _http.Dispose();
        File.Delete(_modelPath);
    }

    [TestMethod]
    public async Task PredictReturnsTheSameLabelAsAPredictionEngine()
    {
        for (int i = 0; i < _rows.Length; i++)
        {
            var response = await _http.PostAsJsonAsync("/predict", new { features = _rows[i] });
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.AreEqual(_expected[i], json.RootElement.GetProperty("label").GetString());
            Assert.AreEqual(3, json.RootElement.GetProperty("scores").EnumerateObject().Count());
        }
    }

    [TestMethod]
    public async Task ModelEndpointDescribesInputAndClasses()
    {
        using var json = JsonDocument.Parse(await _http.GetStringAsync("/model"));
        Assert.AreEqual(4, json.RootElement.GetProperty("featureCount").GetInt32());
        Assert.AreEqual("multiclass", json.RootElement.GetProperty("kind").GetString());
        CollectionAssert.AreEquivalent(new[] { "c0", "c1", "c2" }, json.RootElement.GetProperty("classes").EnumerateArray().Select(e => e.GetString()).ToArray());
    }

    [TestMethod]
    public async Task BadRequestsGetClearFourHundreds()
    {
        async Task<string> Expect400(HttpContent content, string path = "/predict")
        {
            var response = await _http.PostAsync(path, content);
            Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }
        StringAssert.Contains(await Expect400(JsonContent.Create(new { features = new[] { 1f, 2f } })), "must have 4 values; got 2");
        StringAssert.Contains(await Expect400(JsonContent.Create(new { other = 1 })), "'features' is required");
        StringAssert.Contains(await Expect400(new StringContent("{\"features\": [1, 2,", Encoding.UTF8, "application/json")), "Malformed JSON");
        StringAssert.Contains(await Expect400(JsonContent.Create(new { features = new object[] { 1, "x", 3, 4 } })), "Malformed JSON");
        StringAssert.Contains(await Expect400(JsonContent.Create(new { rows = Array.Empty<float[]>() }), "/predict/batch"), "non-empty");
        StringAssert.Contains(await Expect400(JsonContent.Create(new { rows = new[] { _rows[0], new float[3] } }), "/predict/batch"), "'rows[1]' must have 4 values");
    }

    [TestMethod]
    public async Task ContentTypesThatAreNotUtf8JsonGet415WithTheReason()
    {
        async Task<string> Expect(string contentType, HttpStatusCode status)
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { features = _rows[0] })));
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            var response = await _http.PostAsync("/predict", content);
            string body = await response.Content.ReadAsStringAsync();
            Assert.AreEqual(status, response.StatusCode, $"{contentType}: {body}");
            return body;
        }
        StringAssert.Contains(await Expect("text/plain", HttpStatusCode.UnsupportedMediaType), "is not JSON");
        StringAssert.Contains(await Expect("application/json; charset=bogus", HttpStatusCode.UnsupportedMediaType), "charset 'bogus'");
        StringAssert.Contains(await Expect("application/json; charset=utf-16", HttpStatusCode.UnsupportedMediaType), "UTF-8 only");
        StringAssert.Contains(await Expect("application/json; charset=", HttpStatusCode.UnsupportedMediaType), "Content-Type");
        StringAssert.Contains(await Expect("application/json; charset=\"\"", HttpStatusCode.UnsupportedMediaType), "empty charset");
        foreach (string legal in new[] { "application/json; charset=\"utf-8\"", "application/json; charset=UTF-8", "application/json;charset=utf8", "application/problem+json" })
            StringAssert.Contains(await Expect(legal, HttpStatusCode.OK), "\"label\":\"" + _expected[0] + "\"");
    }

    [TestMethod]
    public async Task ConcurrentLoadHasNoErrorsAndConsistentAnswers()
    {
        var tasks = Enumerable.Range(0, 400).Select(async i =>
        {
            int r = i % _rows.Length;
            var response = await _http.PostAsJsonAsync("/predict", new { features = _rows[r] });
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return json.RootElement.GetProperty("label").GetString() == _expected[r];
        });
        var results = await Task.WhenAll(tasks);
        Assert.IsTrue(results.All(ok => ok), $"{results.Count(ok => !ok)} of {results.Length} concurrent answers differed");
    }

    [TestMethod]
    public async Task BatchEndpointScoresEveryRow()
    {
        var response = await _http.PostAsJsonAsync("/predict/batch", new { rows = _rows });
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        CollectionAssert.AreEqual(_expected, json.RootElement.EnumerateArray().Select(e => e.GetProperty("label").GetString()).ToArray());
    }

    [TestMethod]
    public async Task BinaryBatchGivesTheJsonBatchAnswers()
    {
        var bytes = new byte[_rows.Length * 4 * 4];
        Buffer.BlockCopy(_rows.SelectMany(r => r).ToArray(), 0, bytes, 0, bytes.Length);
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(BinaryRows.ContentType);
        var response = await _http.PostAsync("/predict/batch", content);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        CollectionAssert.AreEqual(_expected, json.RootElement.EnumerateArray().Select(e => e.GetProperty("label").GetString()).ToArray());

        // NaN in a binary row is refused with the row and the value, like JSON rows.
        var withNaN = (byte[])bytes.Clone();
        BitConverter.GetBytes(float.NaN).CopyTo(withNaN, (2 * 4 + 3) * 4);
        var nan = new ByteArrayContent(withNaN);
        nan.Headers.ContentType = content.Headers.ContentType;
        var refused = await _http.PostAsync("/predict/batch", nan);
        Assert.AreEqual(HttpStatusCode.BadRequest, refused.StatusCode);
        StringAssert.Contains(await refused.Content.ReadAsStringAsync(), "'rows[2][3]' is NaN, not a finite 32-bit number");

        var ragged = new ByteArrayContent(new byte[13]);
        ragged.Headers.ContentType = content.Headers.ContentType;
        var bad = await _http.PostAsync("/predict/batch", ragged);
        Assert.AreEqual(HttpStatusCode.BadRequest, bad.StatusCode);
        StringAssert.Contains(await bad.Content.ReadAsStringAsync(), "whole rows of 4 little-endian float32 values");
    }

    [TestMethod]
    public void MissingModelFileAndNonLoopbackUrlAreRejected()
    {
        var missing = Assert.ThrowsExactly<FileNotFoundException>(() => new ModelHost("/nonexistent/model.zip"));
        StringAssert.Contains(missing.Message, "/nonexistent/model.zip");
        var notServed = Assert.ThrowsExactly<ModelLoadException>(() => ModelServerApp.Build("/nonexistent/model.zip", "http://127.0.0.1:0"));
        StringAssert.Contains(notServed.Message, "Model file '/nonexistent/model.zip' not found");
        Assert.ThrowsExactly<ArgumentException>(() => ModelServerApp.Build(_modelPath, "http://0.0.0.0:5000"));
    }
}
