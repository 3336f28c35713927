// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Samples.ModelServer;
using Microsoft.ML.Sparse.Scoring;
using Microsoft.ML.Sparse.Tests.Inference;
using Microsoft.ML.Sparse.Tests.Persistence;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse.Tests.Serving;

/// <summary>
/// Malformed HTTP on a raw loopback socket: the charsets and the chunk size that used to give 500, then a seeded fuzz
/// run of 400 requests (valid requests with mutated methods, paths, headers, chunking and bodies, and random bytes).
/// No answer may be a 5xx (except Kestrel's own 505 to a request line whose HTTP version a flipped byte damaged, checked
/// to be exactly that), a complete request is always answered, the server stays healthy, and its log stays small and
/// free of stack traces.
/// </summary>
[TestClass]
[TestCategory(TestLanes.Process)]
public sealed class ModelServerFuzzTests
{
    private sealed class Row
    {
        [VectorType(4)] public float[] Features { get; set; } = new float[4];
    }

    private static string _path = "";
    private static ServerTestKit? _server;

    [ClassInitialize]
    public static async Task StartServer(TestContext _)
    {
        var ml = new MLContext(1);
        var network = SparseMlpInferenceModelTests.RandomModel(3, [4, 16, 3], 0.5);
        var model = SparsePredictionTransformerFactory.CreateMulticlass(ml, new MlpScorer(network), "Features", ["a", "b", "c"]);
        _path = Path.Combine(Path.GetTempPath(), $"mlsparse-fuzz-{Guid.NewGuid():N}.zip");
        await File.WriteAllBytesAsync(_path, ZipRoundTrip.Save(ml, model, ml.Data.LoadFromEnumerable(new[] { new Row() }).Schema));
        _server = await ServerTestKit.Start(_path);
    }

    [ClassCleanup]
    public static async Task StopServer()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        File.Delete(_path);
    }

    private static ServerTestKit Server => _server ?? throw new InvalidOperationException("server not started");

    /// <summary>A request with a correct Content-Length for <paramref name="body"/> (unless headers carry their own framing).</summary>
    private static byte[] Request(string method, string path, string? contentType, byte[]? body, string extraHeaders = "", bool frame = true)
    {
        var head = new StringBuilder($"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        if (contentType is not null)
            head.Append($"Content-Type: {contentType}\r\n");
        if (frame && body is not null)
            head.Append($"Content-Length: {body.Length}\r\n");
        head.Append(extraHeaders).Append("\r\n");
        return [.. Encoding.Latin1.GetBytes(head.ToString()), .. body ?? []];
    }

    /// <summary>
    /// Sends raw bytes on a new connection and returns the status code of the answer, or 0 when the server closed the
    /// connection without one. An <paramref name="incomplete"/> request (a body shorter than its framing, a chunked body
    /// without its last chunk, damaged framing) is followed by the end of the client's stream, so the server sees the
    /// body end instead of waiting for more; a complete one is not (Kestrel drops a request whose client half-closes).
    /// </summary>
    private static async Task<int> Send(byte[] request, bool incomplete = false)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(Server.Address.Host, Server.Address.Port);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(request);
            if (incomplete)
                client.Client.Shutdown(SocketShutdown.Send);
        }
        catch (IOException)
        {
            // The server answered and closed before reading everything (e.g. 413, 400 on a bad header); read what it sent.
        }
        var response = new MemoryStream();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            for (int read; (read = await stream.ReadAsync(buffer, timeout.Token)) > 0;)
                response.Write(buffer, 0, read);
        }
        catch (IOException)
        {
            // reset after the answer
        }
        string text = Encoding.Latin1.GetString(response.ToArray());
        return text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && int.TryParse(text.AsSpan(9, 3), out int status) ? status : 0;
    }

    /// <summary>Whether the request line names an HTTP version other than 1.0 and 1.1 (Kestrel answers those 505 itself).</summary>
    private static bool HasUnknownHttpVersion(byte[] request)
    {
        string text = Encoding.Latin1.GetString(request);
        int end = text.IndexOf("\r\n", StringComparison.Ordinal);
        string line = end < 0 ? text : text[..end];
        int space = line.LastIndexOf(' ');
        return space >= 0 && line[(space + 1)..] is not ("HTTP/1.1" or "HTTP/1.0");
    }

    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    [TestMethod]
    public async Task TheRequestsThatUsedToGet500GetFourHundredsOrAnswers()
    {
        byte[] body = Json("{\"features\":[1,2,3,4]}");
        Assert.AreEqual(415, await Send(Request("POST", "/predict", "application/json; charset=bogus", body)));
        Assert.AreEqual(415, await Send(Request("POST", "/predict", "application/json; charset=", body)));
        Assert.AreEqual(200, await Send(Request("POST", "/predict", "application/json; charset=\"utf-8\"", body)), "a quoted charset is legal HTTP");
        foreach (string chunkSize in new[] { "zz", "-1", "FFFFFFFFFFFFFFFFFFFF", "1;\u0001", "" })
        {
            byte[] chunked = Encoding.Latin1.GetBytes($"{chunkSize}\r\n{{\"features\":[1,2,3,4]}}\r\n0\r\n\r\n");
            int status = await Send(Request("POST", "/predict", "application/json", chunked, "Transfer-Encoding: chunked\r\n", frame: false));
            Assert.IsTrue(status is >= 400 and < 500, $"chunk size '{chunkSize}': {status}");
            status = await Send(Request("POST", "/predict/batch", BinaryRows.ContentType, chunked, "Transfer-Encoding: chunked\r\n", frame: false));
            Assert.IsTrue(status is >= 400 and < 500, $"binary, chunk size '{chunkSize}': {status}");
        }
        var ok = Encoding.Latin1.GetBytes("16\r\n{\"features\":[1,2,3,4]}\r\n0\r\n\r\n");
        Assert.AreEqual(200, await Send(Request("POST", "/predict", "application/json", ok, "Transfer-Encoding: chunked\r\n", frame: false)), "a well-formed chunked body");
        AssertLogIsClean();
    }

    [TestMethod]
    public async Task SeededFuzzGetsNoServerErrorAndASmallLog()
    {
        var random = new Random(2026);
        string[] paths = ["/predict", "/predict/batch", "/model", "/health", "/admin/reload", "/admin/reload?allowShapeChange=maybe", "//predict",
            "/predict?x=%ZZ", "/predict/../model", "/%00", "/" + new string('a', 3000), "/predict/batch/extra"];
        string[] methods = ["POST", "GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "POST", "POST", "BREW", "post"];
        string?[] contentTypes = ["application/json", "application/json; charset=bogus", "application/json; charset=", "application/json; charset=\"utf-8\"",
            "application/json; charset=\"\"", "application/json; charset=utf-16", "application/json;;;", "application/jsonx", "text/json", "",
            "application/octet-stream", "application/octet-stream; charset=bogus", "multipart/form-data; boundary=x", "\u00ff\u00fe", null, "application/problem+json"];
        string[] bodies = ["{\"features\":[1,2,3,4]}", "{\"rows\":[[1,2,3,4],[0,0,0,0]]}", "{\"features\":[1e39,2,3,4]}", "{\"features\":[NaN,1,2,3]}",
            "{\"features\":[\"1\",2,3,4]}", "{\"features\":null}", "null", "[]", "{}", "{\"rows\":[]}", "{\"features\":[1,2,3,4]", "\"x\"",
            new string('[', 200) + new string(']', 200), "{\"features\":[" + string.Join(",", Enumerable.Repeat("1", 5000)) + "]}", "{\"rows\":[[1,2,3]]}",
            "{\"features\":[1,2,3,-3.4e38]}", "{\"features\":[1,2,3,4],\"features\":[5]}", "\uFEFF{\"features\":[1,2,3,4]}"];
        var statuses = new Dictionary<int, int>();
        var clock = Stopwatch.StartNew();
        int unanswered = 0, unknownVersions = 0;
        for (int i = 0; i < 400; i++)
        {
            byte[] request;
            string kind;
            bool incomplete = false;
            switch (random.Next(6))
            {
                case 0:
                    kind = "random bytes";
                    request = new byte[random.Next(1, 600)];
                    random.NextBytes(request);
                    incomplete = true;
                    break;
                case 1:
                    kind = "binary rows";
                    var rows = new byte[random.Next(0, 5) * 16 + random.Next(0, 2) * random.Next(1, 16)];
                    random.NextBytes(rows);
                    request = Request("POST", "/predict/batch", BinaryRows.ContentType, rows);
                    break;
                case 2:
                    kind = "chunked";
                    string chunk = bodies[random.Next(bodies.Length)];
                    bool badSize = random.Next(3) == 0, last = random.Next(4) != 0;
                    string size = badSize ? new[] { "zz", "-5", "fffffffffffffffffff", " 1", "0x10", "" }[random.Next(6)]
                        : Encoding.UTF8.GetByteCount(chunk).ToString("x", System.Globalization.CultureInfo.InvariantCulture);
                    request = Request("POST", paths[random.Next(2)], contentTypes[random.Next(contentTypes.Length)],
                        Encoding.UTF8.GetBytes($"{size}\r\n{chunk}\r\n{(last ? "0\r\n\r\n" : "")}"), "Transfer-Encoding: chunked\r\n", frame: false);
                    incomplete = badSize || !last;
                    break;
                case 3:
                    kind = "Content-Length that lies";
                    byte[] lying = Json(bodies[random.Next(bodies.Length)]);
                    string length = new[] { "-1", "abc", "99999999999999999999", (lying.Length + 50).ToString(System.Globalization.CultureInfo.InvariantCulture), "1, 2" }[random.Next(5)];
                    request = Request("POST", paths[random.Next(2)], "application/json", lying, $"Content-Length: {length}\r\n", frame: false);
                    incomplete = true;
                    break;
                default:
                    kind = "mutated request";
                    byte[] body = Json(bodies[random.Next(bodies.Length)]);
                    string extra = random.Next(5) == 0 ? "Authorization: Bearer " + new string('x', random.Next(0, 40)) + "\r\n" : "";
                    if (random.Next(8) == 0)
                        extra += "Expect: 100-continue\r\n";
                    request = Request(methods[random.Next(methods.Length)], paths[random.Next(paths.Length)], contentTypes[random.Next(contentTypes.Length)], body, extra);
                    for (int k = random.Next(3) == 0 ? random.Next(1, 4) : 0; k > 0; k--, incomplete = true)
                        request[random.Next(request.Length)] ^= (byte)random.Next(1, 256);
                    break;
            }
            int status = await Send(request, incomplete);
            string shown = $"request {i} ({kind}) got {status}: {Encoding.Latin1.GetString(request[..Math.Min(request.Length, 300)])}";
            if (status == 505)
            {
                // Kestrel's own answer to a request line naming an unknown HTTP version, before any app code runs.
                Assert.IsTrue(HasUnknownHttpVersion(request), shown);
                unknownVersions++;
            }
            else
                Assert.IsLessThan(500, status, shown);
            if (status == 0)
            {
                Assert.IsTrue(incomplete, $"a complete request is always answered: {shown}");
                unanswered++;
            }
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
        }
        clock.Stop();
        foreach (var (status, count) in statuses.OrderBy(s => s.Key))
            Console.WriteLine($"{status,3}: {count}");
        Assert.IsLessThan(60_000, clock.ElapsedMilliseconds, "the fuzz run is bounded");
        Assert.IsGreaterThan(5, statuses.GetValueOrDefault(200), "some requests are valid and answered");
        Assert.IsGreaterThan(100, statuses.Where(s => s.Key is >= 400 and < 500).Sum(s => s.Value), "most are refused with 4xx");
        Console.WriteLine($"{unanswered} incomplete requests closed without an answer, {unknownVersions} unknown HTTP versions answered 505 by Kestrel");
        Assert.AreEqual(200, await Send(Request("GET", "/health", null, null)), "the server is still healthy");
        AssertLogIsClean();
    }

    /// <summary>Client errors: one warning line each, at most <see cref="ClientErrorLog.LinesPerMinute"/> a minute, no stack trace, no error.</summary>
    private static void AssertLogIsClean()
    {
        var entries = Server.Log.Entries.ToArray();
        Assert.IsFalse(entries.Any(e => e.Level >= LogLevel.Error || e.Exception is not null), string.Join("\n", entries.Where(e => e.Level >= LogLevel.Error).Select(e => e.Message + e.Exception)));
        Assert.IsFalse(entries.Any(e => e.Message.Contains("\n   at ", StringComparison.Ordinal)), "no stack trace in the log");
        Assert.IsLessThanOrEqualTo(ClientErrorLog.LinesPerMinute + 1, entries.Count(e => e.Category.EndsWith(nameof(ClientErrorLog), StringComparison.Ordinal)), "rate-limited");
        Assert.IsLessThan(64 << 10, entries.Sum(e => e.Message.Length), "the log stays small");
    }
}
