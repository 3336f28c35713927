// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Sparse.Samples.ModelServer;

namespace Microsoft.ML.Sparse.Tests.Serving;

/// <summary>
/// GET /metrics: valid Prometheus text (every sample under its TYPE line), requests by route and status, errors by
/// status, a cumulative latency histogram whose count equals the requests, and the model's version, identity, reloads
/// and load failures.
/// </summary>
[TestClass]
[TestCategory(TestLanes.Process)]
public sealed partial class ModelServerMetricsTests
{
    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)$")]
    private static partial Regex SampleLine();

    /// <summary>Parses the exposition, failing on any line that is not a comment or a sample, or a sample of an undeclared metric.</summary>
    internal static Dictionary<string, double> Parse(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                declared.Add(line.Split(' ')[2]);
                continue;
            }
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
                continue;
            var match = SampleLine().Match(line);
            Assert.IsTrue(match.Success, $"not a Prometheus sample line: '{line}'");
            string name = match.Groups["name"].Value;
            string family = Regex.Replace(name, "_(bucket|sum|count)$", "");
            Assert.IsTrue(declared.Contains(name) || declared.Contains(family), $"sample '{name}' comes before its # TYPE line");
            string key = match.Groups["labels"].Success ? $"{name}{{{match.Groups["labels"].Value}}}" : name;
            Assert.IsTrue(samples.TryAdd(key, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)), $"duplicate sample {key}");
        }
        return samples;
    }

    private static async Task<Dictionary<string, double>> Scrape(ServerTestKit server)
    {
        var response = await server.Http.GetAsync("/metrics");
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        return Parse(await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task MetricsCountRequestsErrorsLatencyAndTheModel()
    {
        string path = ModelServerHealthTests.TempModelPath();
        await File.WriteAllBytesAsync(path, ModelServerHealthTests.Classifier());
        await using var server = await ServerTestKit.Start(path);
        try
        {
            for (int i = 0; i < 3; i++)
                Assert.AreEqual(HttpStatusCode.OK, (await server.Http.PostAsJsonAsync("/predict", new { features = new[] { 1f, 2f, 3f, 4f } })).StatusCode);
            Assert.AreEqual(HttpStatusCode.BadRequest, (await server.Http.PostAsJsonAsync("/predict", new { features = new[] { 1f } })).StatusCode);
            Assert.AreEqual(HttpStatusCode.NotFound, (await server.Http.GetAsync("/no/such/path")).StatusCode);
            Assert.AreEqual(HttpStatusCode.NotFound, (await server.Http.GetAsync("/another/unknown")).StatusCode);

            var m = await Scrape(server);
            Assert.AreEqual(3, m["mlsparse_http_requests_total{route=\"/predict\",status=\"200\"}"]);
            Assert.AreEqual(1, m["mlsparse_http_requests_total{route=\"/predict\",status=\"400\"}"]);
            Assert.AreEqual(2, m["mlsparse_http_requests_total{route=\"unmatched\",status=\"404\"}"], "unknown paths share one label");
            Assert.AreEqual(1, m["mlsparse_http_errors_total{status=\"400\"}"]);
            Assert.AreEqual(2, m["mlsparse_http_errors_total{status=\"404\"}"]);
            Assert.IsFalse(m.ContainsKey("mlsparse_http_errors_total{status=\"200\"}"));

            const string Route = "route=\"/predict\"";
            Assert.AreEqual(4, m[$"mlsparse_http_request_duration_seconds_count{{{Route}}}"]);
            Assert.AreEqual(4, m[$"mlsparse_http_request_duration_seconds_bucket{{{Route},le=\"+Inf\"}}"]);
            double previous = 0;
            foreach (double bound in ServerMetrics.LatencyBuckets)
            {
                double cumulative = m[$"mlsparse_http_request_duration_seconds_bucket{{{Route},le=\"{bound.ToString("R", CultureInfo.InvariantCulture)}\"}}"];
                Assert.IsGreaterThanOrEqualTo(previous, cumulative, $"bucket le={bound} is cumulative");
                previous = cumulative;
            }
            Assert.IsGreaterThan(0.0, m[$"mlsparse_http_request_duration_seconds_sum{{{Route}}}"]);

            using var health = JsonDocument.Parse(await server.Http.GetStringAsync("/health"));
            string sha = health.RootElement.GetProperty("modelSha256").GetString()!;
            Assert.AreEqual(1, m["mlsparse_model_loaded"]);
            Assert.AreEqual(1, m["mlsparse_model_version"]);
            Assert.AreEqual(1, m[$"mlsparse_model_info{{sha256=\"{sha}\",kind=\"multiclass\",features=\"4\"}}"]);
            Assert.AreEqual(0, m["mlsparse_model_reloads_total"]);
            Assert.AreEqual(0, m["mlsparse_model_load_failures_total"]);

            await File.WriteAllBytesAsync(path, ModelServerHealthTests.Classifier(seed: 9));
            Assert.AreEqual(HttpStatusCode.OK, (await server.Reload()).StatusCode);
            await File.WriteAllBytesAsync(path, [1, 2, 3]);
            Assert.AreEqual(HttpStatusCode.UnprocessableEntity, (await server.Reload()).StatusCode);
            m = await Scrape(server);
            Assert.AreEqual(2, m["mlsparse_model_version"]);
            Assert.AreEqual(1, m["mlsparse_model_reloads_total"]);
            Assert.AreEqual(1, m["mlsparse_model_load_failures_total"]);
            Assert.AreEqual(1, m["mlsparse_http_requests_total{route=\"/admin/reload\",status=\"422\"}"]);
            Assert.AreEqual(1, m["mlsparse_http_requests_total{route=\"/metrics\",status=\"200\"}"], "the first scrape is counted");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public async Task BeforeAModelLoadsTheMetricsSayNotLoaded()
    {
        string path = ModelServerHealthTests.TempModelPath();
        await using var server = await ServerTestKit.Start(path, new ServerOptions { LoadModelInBackground = true, ModelRetryInterval = TimeSpan.FromHours(1) });
        var deadline = DateTime.UtcNow.AddSeconds(60);
        Dictionary<string, double> m;
        while ((m = await Scrape(server))["mlsparse_model_load_failures_total"] < 1 && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.AreEqual(1, m["mlsparse_model_load_failures_total"], "the background load tried once and failed (no file)");
        Assert.AreEqual(0, m["mlsparse_model_loaded"]);
        Assert.AreEqual(0, m["mlsparse_model_version"]);
        Assert.IsFalse(m.Keys.Any(k => k.StartsWith("mlsparse_model_info{", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void LabelValuesAreEscaped() =>
        Assert.AreEqual("a\\\\b\\\"c\\nd", PrometheusText.Escape("a\\b\"c\nd"));
}
